import assert from 'node:assert/strict';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { onReplica, pauseReplay, replicaTurn, requireReplica, sql, waitForReplica } from '../helpers/test-replica.js';

/**
 * Against a real streaming replica of the test server (issue #17): reads go to it, writes to the
 * primary, a replica behind is a warning (exit 69 with --max-lag), a replica down falls back.
 */
describe('reading from a streaming replica', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  let replicaServer = '';
  let replica = '';
  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCommand(args, { url: db.url, env: { CCAT_OPS_READ_DATABASE_URL: replica, ...env } });

  before(async function () {
    replicaServer = await requireReplica(this);
    replica = onReplica(replicaServer, db.url);
    // Waited for on the replica's server: this file's database is not there until its creation is replayed.
    await waitForReplica(db.url, replicaServer);
  });

  const turn = replicaTurn();
  beforeEach(() => turn.take());
  afterEach(async () => {
    if (replicaServer) await sql(replicaServer, 'select pg_wal_replay_resume()');
    await turn.release();
  });

  /** Stops replay on the replica, then writes a site on the primary only the primary shows. */
  async function divergeSite(shortName: string): Promise<void> {
    await pauseReplay(replicaServer, db.url);
    await db.query(`insert into site (short_name, name) values ($1, 'Written while replay is paused')`, [shortName]);
    await waitForReplica(db.url, replica, 'received');
    // The lag counts from the last replayed transaction, which may be a few ms old when replay
    // paused (other test files write to the primary): let it grow past the tests' 1 ms bounds.
    await new Promise((r) => setTimeout(r, 200));
  }

  it('is a real standby on another port than the primary', async () => {
    const [p] = await sql<{ port: number; standby: boolean }>(
      db.url,
      'select inet_server_port() as port, pg_is_in_recovery() as standby',
    );
    const [r] = await sql<{ port: number; standby: boolean }>(
      replica,
      'select inet_server_port() as port, pg_is_in_recovery() as standby',
    );
    assert.equal(p.standby, false);
    assert.equal(r.standby, true);
    assert.notEqual(r.port, p.port);
  });

  it('reads on the replica, states the data age under --json, and --primary reads on the primary', async () => {
    await divergeSite('paused1');
    const onReplicaRead = await cli(['site', 'show', 'paused1']);
    assert.equal(onReplicaRead.status, 4, 'the site written after the pause is not on the replica yet');
    const backlog = await cli(['transfer', 'backlog', '--json']);
    assert.equal(backlog.status, 0, backlog.stderr);
    const doc = backlog.json();
    assert.ok(doc.asOf, 'asOf is in the JSON');
    assert.ok(doc.replicaLagSeconds > 0, 'the replica is behind while replay is paused');
    for (const args of [
      ['site', 'list', '--json'],
      ['site', 'list', '--output', 'json'],
      ['transfer', 'list', '--all', '--output', 'json'],
    ]) {
      const list = await cli(args);
      assert.equal(list.status, 0, list.stderr);
      const page = list.json();
      assert.ok(Array.isArray(page.items) && page.next === null, `${args.join(' ')}: { items, next }`);
      assert.ok(page.asOf && page.replicaLagSeconds > 0, `${args.join(' ')}: the data's age`);
    }
    const onPrimary = await cli(['site', 'show', 'paused1', '--primary', '--json']);
    assert.equal(onPrimary.status, 0, onPrimary.stderr);
    assert.equal(onPrimary.json().shortName, 'paused1');
    assert.equal(onPrimary.json().asOf, undefined, 'a read on the primary has no asOf');
  });

  it('sends writes to the primary even when a read replica is set', async () => {
    const r = await cli(['site', 'add', '--short-name', 'written', '--name', 'Written', '--no-prompt']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await db.query(`select 1 from site where short_name = 'written'`)).length, 1);
  });

  it('says on stderr how far behind the replica is, and exits 69 when --max-lag was given', async () => {
    await divergeSite('paused2');
    const warned = await cli(['transfer', 'list', '--output', 'csv'], { CCAT_OPS_MAX_LAG: '1ms' });
    assert.equal(warned.status, 0, warned.stderr);
    assert.match(
      warned.stderr,
      /Warning: the read replica .* is .* behind the primary \(its replay is paused\): the data is as of /,
    );
    const quiet = await cli(['transfer', 'list', '--output', 'csv']);
    assert.equal(quiet.status, 0, quiet.stderr);
    const strict = await cli(['transfer', 'list', '--max-lag', '1ms']);
    assert.equal(strict.status, 69);
    assert.match(
      strict.stderr,
      /behind the primary .*more than --max-lag 1ms\nTry: read from the primary with --primary/,
    );
    assert.equal(strict.stdout, '');
    assert.equal((await cli(['transfer', 'list', '--max-lag', '1ms', '--primary'])).status, 0);
  });

  it('reads from a replica that has caught up without a warning', async () => {
    // Other test files write to the same primary meanwhile, so "caught up" is not exact here; the
    // rule that a caught-up standby has lag 0 however old its last write is tested in replica-status.test.ts.
    await waitForReplica(db.url, replica);
    const r = await cli(['copy', 'list', '--json', '--max-lag', '30s']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(r.json().replicaLagSeconds < 30);
  });

  it('falls back to the primary with one warning when the replica is down, unless --no-fallback', async () => {
    const down = { CCAT_OPS_READ_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' };
    const r = await cli(['site', 'list', '--output', 'csv'], down);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^shortName,/);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('Warning:'));
    assert.deepEqual(warnings.length, 1, r.stderr);
    assert.match(
      warnings[0],
      /the read replica does not answer \(cannot reach PostgreSQL at 127\.0\.0\.1:1 .*\); reading from the primary instead/,
    );
    const strict = await cli(['site', 'list', '--no-fallback'], down);
    assert.equal(strict.status, 69);
    assert.match(strict.stderr, /^Error: the read replica is unavailable: cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  });

  it('doctor shows both endpoints, whether the read one is a standby, and its lag', async () => {
    await waitForReplica(db.url, replica);
    const r = await cli(['doctor', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const { readEndpoint } = r.json();
    assert.equal(readEndpoint.reachable, true);
    assert.equal(readEndpoint.standby, true);
    assert.equal(readEndpoint.source, 'CCAT_OPS_READ_DATABASE_URL');
    assert.equal(typeof readEndpoint.lagSeconds, 'number');
    const notStandby = await cli(['doctor'], { CCAT_OPS_READ_DATABASE_URL: db.url });
    assert.equal(notStandby.status, 3);
    assert.match(notStandby.stdout, /read replica .*\n.*\n.*\n {2}state {6}NOT a standby/);
  });
});
