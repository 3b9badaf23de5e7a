import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { withDatabase } from '../../src/config/connection.js';
import { ormOptions } from '../../src/db/orm-config.js';
import { isAlive } from '../../src/db/embedded-lock.js';

/** The server tests run against (DESIGN §9). */
export const SERVER_URL = process.env.CCAT_OPS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * This run's id, in the name of every database the run creates: the pid of the mocha process that
 * started it, handed down to its parallel workers through the environment.
 */
export const RUN_ID = (process.env.CCAT_OPS_TEST_RUN ??= String(process.pid));

/** The prefix of every database this run creates. */
export const RUN_PREFIX = `ccat_ops_t${RUN_ID}_`;

interface ServerMode {
  kind: 'server' | 'embedded';
  url: string;
  stop?: () => Promise<void>;
}

let mode: Promise<ServerMode> | undefined;

/** Decides once per run: the real server if it answers, else an embedded PGlite (and says so). */
export function testServer(): Promise<ServerMode> {
  mode ??= (async () => {
    const probe = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
    try {
      await probe.connect();
      await probe.end();
      return { kind: 'server' as const, url: SERVER_URL };
    } catch {
      process.stderr.write(`\n  no PostgreSQL server at ${SERVER_URL}: tests run on embedded PGlite instead\n\n`);
      return startPgliteServer();
    }
  })();
  return mode;
}

/**
 * The PGlite fallback runs in a child process: black-box tests block this process while the CLI
 * runs, so a server inside it could not answer the CLI.
 */
async function startPgliteServer(): Promise<ServerMode> {
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-test-pglite-'));
  const port = await freePort();
  const script = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'pglite-server');
  const child = spawn(
    process.execPath,
    [script, `--db=${join(dir, 'pglite')}`, `--port=${port}`, '--max-connections=16'],
    {
      stdio: 'ignore',
    },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; i < 300; i++) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    kind: 'embedded',
    url,
    stop: async () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A fingerprint of the migrations, so a template built from older ones is never reused. */
function migrationsHash(): string {
  const dir = join(import.meta.dirname, '..', '..', 'migrations');
  const h = createHash('sha256');
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort())
    h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

let template: Promise<string> | undefined;

/** A database with every migration applied, cloned by each test file (server mode only). */
export function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `${RUN_PREFIX}tpl_${migrationsHash()}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount) return name;
      const building = `${name}_${process.pid}`;
      await admin.query(`create database ${pg.escapeIdentifier(building)}`);
      const orm = await MikroORM.init(ormOptions({ clientUrl: withDatabase(SERVER_URL, building) }));
      try {
        await orm.migrator.up();
      } finally {
        await orm.close(true);
      }
      try {
        await admin.query(`alter database ${pg.escapeIdentifier(building)} rename to ${pg.escapeIdentifier(name)}`);
      } catch {
        // another worker of this run finished the template first; ours is redundant
        await admin.query(`drop database if exists ${pg.escapeIdentifier(building)}`);
      }
      return name;
    } finally {
      await admin.end();
    }
  })();
  return template;
}

/**
 * Drops the test databases of this run (`own`) or of runs whose process is gone (interrupted runs,
 * and names from before run ids), so a test run leaves nothing behind on the server. Databases of
 * another run still going are left alone. Nothing to do when no server answers (the PGlite fallback).
 */
export async function dropTestDatabases(which: 'own' | 'orphaned'): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return;
  }
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'ccat\\_ops\\_t%'",
    );
    for (const { datname } of rows) {
      const run = /^ccat_ops_t(\d+)_/.exec(datname)?.[1];
      const drop =
        which === 'own'
          ? run === RUN_ID
          : run === undefined
            ? /^ccat_ops_(test|tpl)_/.test(datname)
            : run !== RUN_ID && !isAlive(Number(run));
      if (drop) await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

export async function closeTestServer(): Promise<void> {
  if (!mode) return;
  await (await mode).stop?.();
}

/**
 * For the few tests that need what only a real server has (logins, several databases, many
 * concurrent sessions): on the PGlite fallback they are reported as pending, with the reason.
 */
export async function requireRealServer(ctx: Mocha.Context): Promise<void> {
  if ((await testServer()).kind === 'embedded') {
    ctx.test!.title += ' (needs a real PostgreSQL server)';
    ctx.skip();
  }
}
