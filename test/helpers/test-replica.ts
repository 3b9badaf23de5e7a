import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { withDatabase } from '../../src/config/connection.js';
import { SERVER_URL, testServer } from './test-server.js';

const run = promisify(execFile);
const MAKE_REPLICA = join(import.meta.dirname, '..', '..', '.ci', 'make-replica');

/**
 * The streaming replica of the test server, made once per run and kept for the next ones:
 * `CCAT_OPS_TEST_REPLICA_URL` when set (CI's `.ci/run` makes one), else one that `.ci/make-replica`
 * makes on the next port when the test server is local and PostgreSQL's server binaries are here.
 * Undefined, with the reason, when there can be none.
 */
let replica: Promise<{ url: string } | { reason: string }> | undefined;

function findReplica(): Promise<{ url: string } | { reason: string }> {
  replica ??= (async () => {
    if (process.env.CCAT_OPS_TEST_REPLICA_URL) return { url: process.env.CCAT_OPS_TEST_REPLICA_URL };
    if ((await testServer()).kind === 'embedded') return { reason: 'needs a real PostgreSQL server' };
    const server = new URL(SERVER_URL);
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(server.hostname)) {
      return {
        reason: `the test server ${server.hostname} is not on this machine, and CCAT_OPS_TEST_REPLICA_URL is not set`,
      };
    }
    if (!serverBinaries()) return { reason: 'pg_basebackup and pg_ctl (PostgreSQL server binaries) are not installed' };
    const port = Number(server.port || 5432) + 1;
    try {
      await run(MAKE_REPLICA, [String(server.port || 5432), String(port)], { timeout: 120_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return {
        reason: `could not make a replica on port ${port}: ${(e.stderr || e.message).trim().split('\n').at(-1)}`,
      };
    }
    const url = new URL(SERVER_URL);
    url.port = String(port);
    return { url: url.toString() };
  })();
  return replica;
}

function serverBinaries(): boolean {
  const onPath = (name: string) =>
    (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
  if (onPath('pg_basebackup') && onPath('pg_ctl')) return true;
  const lib = '/usr/lib/postgresql';
  return existsSync(lib) && readdirSync(lib).some((v) => existsSync(join(lib, v, 'bin', 'pg_ctl')));
}

/**
 * The replica's URL (its server, the `postgres` database), or the test is skipped with the reason
 * in its title: the issue asks for these tests where a replica can be made, and a visible skip elsewhere.
 */
export async function requireReplica(ctx: Mocha.Context): Promise<string> {
  const found = await findReplica();
  if ('url' in found) return found.url;
  const title = ctx.currentTest ?? ctx.test;
  if (title) title.title += ` (skipped: no read replica: ${found.reason})`;
  process.stderr.write(`\n  read-replica tests skipped: ${found.reason}\n\n`);
  ctx.skip();
}

/** Runs one statement on a server and returns its rows. */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Tests that pause the one replica's replay must not overlap (test files run in parallel, and one
 * file's resume would end another's pause): each holds this lock, an advisory lock on the primary,
 * from before it pauses until after it resumes. Call `take` first in `beforeEach`, `release` last
 * in `afterEach`.
 */
export function replicaTurn(): { take: () => Promise<void>; release: () => Promise<void> } {
  let holder: pg.Client | undefined;
  return {
    async take() {
      holder = new pg.Client({ connectionString: SERVER_URL });
      await holder.connect();
      await holder.query(`select pg_advisory_lock(hashtext('ccat-ops tests: replica replay'))`);
    },
    async release() {
      await holder?.end(); // ending the session releases the lock
      holder = undefined;
    },
  };
}

/**
 * Pauses replay on the replica and waits until it has really stopped: `pg_wal_replay_pause()` only
 * asks, and the standby stops at the next WAL record it replays, so one is written on the primary
 * (a non-transactional logical message, which no test reads) until it has.
 */
export async function pauseReplay(replicaServerUrl: string, primaryUrl: string): Promise<void> {
  await sql(replicaServerUrl, 'select pg_wal_replay_pause()');
  for (let i = 0; i < 600; i++) {
    const [{ state }] = await sql<{ state: string }>(
      replicaServerUrl,
      'select pg_get_wal_replay_pause_state() as state',
    );
    if (state === 'paused') return;
    await sql(primaryUrl, `select pg_logical_emit_message(false, 'ccat-ops-test', 'pause')`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the replica did not pause its replay within 12 s');
}

/** Waits until the replica has `received` (or replayed) all that the primary has written so far. */
export async function waitForReplica(
  primaryUrl: string,
  replicaUrl: string,
  what: 'received' | 'replayed' = 'replayed',
): Promise<void> {
  const [{ lsn }] = await sql<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn');
  const fn = what === 'received' ? 'pg_last_wal_receive_lsn()' : 'pg_last_wal_replay_lsn()';
  // Asked on the server's own database: a database just made on the primary may not be on the replica yet.
  const server = withDatabase(replicaUrl, 'postgres');
  for (let i = 0; i < 600; i++) {
    const [{ done }] = await sql<{ done: boolean }>(server, `select ${fn} >= $1::pg_lsn as done`, [lsn]);
    if (done) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the replica did not get to the primary's ${lsn} (${what}) within a minute`);
}

/** The same database on the replica's server. */
export function onReplica(replicaServerUrl: string, databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  return withDatabase(replicaServerUrl, name);
}
