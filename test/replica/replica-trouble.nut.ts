import assert from 'node:assert/strict';
import pg from 'pg';
import { resolveReadConnection } from '../../src/config/read-connection.js';
import { connectionError } from '../../src/db/connection-errors.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { onReplica, pauseReplay, replicaTurn, requireReplica, sql, waitForReplica } from '../helpers/test-replica.js';

/**
 * A read replica in trouble (issue #17): doctor calls a replica too far behind a problem, and a query
 * the standby cancels to replay the primary's changes is a "try again" naming the replica, not the primary.
 */
describe('a read replica in trouble', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  let replicaServer = '';
  let replica = '';

  before(async function () {
    replicaServer = await requireReplica(this);
    replica = onReplica(replicaServer, db.url);
    await waitForReplica(db.url, replica);
  });

  const turn = replicaTurn();
  beforeEach(() => turn.take());
  afterEach(async () => {
    if (replicaServer) {
      await sql(replicaServer, 'select pg_wal_replay_resume()');
      await sql(replicaServer, 'alter system reset max_standby_streaming_delay');
      await sql(replicaServer, 'select pg_reload_conf()');
    }
    await turn.release();
  });

  it('doctor exits 3 when the replica is further behind than --max-lag, and 0 within it', async () => {
    await pauseReplay(replicaServer, db.url);
    await db.query(`insert into site (short_name, name) values ('lagging', 'Written while replay is paused')`);
    await waitForReplica(db.url, replica, 'received');
    await new Promise((r) => setTimeout(r, 1_100));
    const env = { CCAT_OPS_READ_DATABASE_URL: replica };
    const behind = await runCommand(['doctor', '--max-lag', '1s'], { url: db.url, env });
    assert.equal(behind.status, 3, behind.stderr);
    assert.match(behind.stdout, /state {6}standby \(in recovery\), replay paused, .* behind/);
    assert.match(
      behind.stderr,
      /^Problem: the read replica is .* behind the primary \(its replay is paused\), more than the 1 s allowed; reads there show old data\nTry: /,
    );
    const fromEnv = await runCommand(['doctor'], { url: db.url, env: { ...env, CCAT_OPS_MAX_LAG: '1s' } });
    assert.equal(fromEnv.status, 3, 'CCAT_OPS_MAX_LAG is the default bound');
    const within = await runCommand(['doctor', '--max-lag', '1h'], { url: db.url, env });
    assert.equal(within.status, 0, within.stderr);
    const bad = await runCommand(['doctor', '--max-lag', 'soon'], { url: db.url, env });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /max-lag/);
  });

  it("turns a query cancelled by the standby's replay into exit-75 advice that names the replica", async () => {
    await sql(replicaServer, `alter system set max_standby_streaming_delay = '100ms'`);
    await sql(replicaServer, 'select pg_reload_conf()');
    const reader = new pg.Client({ connectionString: replica });
    await reader.connect();
    reader.on('error', () => undefined);
    let cancelled: unknown;
    try {
      // A read holding its lock on `site` while the primary takes an exclusive lock that replay must take too.
      await reader.query('begin isolation level repeatable read');
      await reader.query('select count(*) from site');
      const slow = reader.query('select pg_sleep(60)').catch((err: unknown) => (cancelled = err));
      await db.query('begin; lock table site in access exclusive mode; commit');
      await slow;
    } finally {
      await reader.end().catch(() => undefined);
    }
    assert.ok(cancelled, 'the standby cancelled the read');
    const target = resolveReadConnection({
      readDatabaseUrl: replica,
      primary: { kind: 'server', url: db.url, source: 'test', environment: 'test', production: false },
    });
    assert.ok(target);
    const err = connectionError(cancelled, target);
    assert.ok(err, String(cancelled));
    assert.equal(err.exitCode, 75);
    const port = new URL(replica).port;
    assert.match(
      err.message,
      new RegExp(`^the read replica at 127\\.0\\.0\\.1:${port} \\(--read-database-url\\) cancelled the query`),
    );
    assert.match(err.actions.join(' '), /--primary/);
  });
});
