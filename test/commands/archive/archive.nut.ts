import assert from 'node:assert/strict';
import { GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops archive list and backlog', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const ids = async (...args: string[]) => {
    const r = await cli('archive', 'list', ...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().items.map((a: { id: number }) => a.id);
  };

  let loadedAt = 0;
  before(async () => {
    await loadOpsFixture(db);
    loadedAt = Date.now();
  });

  it('lists archive transfers newest first with package, ends and size', async () => {
    const r = await cli('archive', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const items = r.json().items;
    assert.deepEqual(
      items.map((a: { id: number }) => a.id),
      [4, 3, 2, 1],
    );
    const failed = items[1];
    assert.equal(failed.package, 'P3');
    assert.equal(failed.origin, 'cologne/buffer');
    assert.equal(failed.destination, 'cologne/lta');
    assert.equal(failed.retryCount, 3);
    assert.equal(failed.sizeBytes, 20 * GB);
    assert.equal(failed.errorMessage, 's3: 503 Slow Down');
  });

  it('filters by status, package, ends, time and stuck-for, and pages', async () => {
    assert.deepEqual(await ids('--failed'), [3]);
    assert.deepEqual(await ids('--status', 'completed'), [2, 1]);
    assert.deepEqual(await ids('--package', 'P2'), [2]);
    const p2 = await db.query<{ id: string }>(`select id from raw_data_package where name = 'P2'`);
    assert.deepEqual(await ids('--package', p2[0].id), [2], 'its id, as package show takes');
    assert.deepEqual(await ids('--destination', 'cologne/lta', '--origin', 'cologne'), [4, 3, 2, 1]);
    assert.deepEqual(await ids('--destination', 'us'), []);
    assert.deepEqual(await ids('--stuck-for', '4h'), [3]);
    assert.deepEqual(await ids('--since', '3h'), [4]);
    const page = (await cli('archive', 'list', '--limit', '3', '--json')).json();
    assert.equal(page.next, '2');
    assert.deepEqual(await ids('--after', page.next), [1]);
  });

  it('an unknown --package is exit 4 with the nearest name, not an empty list', async () => {
    const r = await cli('archive', 'list', '--package', 'P7');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no raw data package 'P7'; did you mean 'P\d'\?/);
    assert.equal(r.stdout, '');
  });

  it('backlog: waiting, failed, oldest, last 24 h and time to clear per origin and LTA', async () => {
    const r = await cli('archive', 'backlog', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = r.json();
    assert.equal(report.rows.length, 1);
    const [row] = report.rows;
    assert.equal(row.from, 'cologne/buffer');
    assert.equal(row.destination, 'cologne/lta');
    assert.deepEqual([row.pending, row.failed], [1, 1]);
    assert.equal(row.waitingBytes, 5 * GB);
    // Created 90 minutes before the fixture was loaded; waiting since, however slow this machine is.
    const since = (Date.now() - loadedAt) / 1000;
    assert.ok(
      row.oldestWaitingSeconds >= 90 * 60 - 1 && row.oldestWaitingSeconds <= 90 * 60 + since + 1,
      `oldest waiting ${row.oldestWaitingSeconds} s: 90 min plus at most the ${since} s since the fixture`,
    );
    assert.equal(row.completed24h, 1);
    assert.equal(row.completedBytes24h, 20 * GB);
    assert.equal(row.clearSeconds, 6 * 3600, '5 GB at 20 GB a day');
    assert.deepEqual(
      { count: report.notArchived.count, byState: report.notArchived.byState },
      { count: 1, byState: { waiting: 1 } },
    );
  });

  it('backlog counts packages not archived --not-archived-after creation, and says so on the table', async () => {
    const r = await cli('archive', 'backlog', '--not-archived-after', '30m', '--json');
    assert.equal(r.json().notArchived.count, 2);
    const table = await cli('archive', 'backlog');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /cologne\/buffer .*cologne\/lta/);
    assert.match(table.stdout, /1 package\(s\) not archived 1d after creation \(1 waiting\)/);
  });

  it('backlog exits 3 on a breached limit, 0 within it', async () => {
    const late = await cli('archive', 'backlog', '--fail-if-not-archived', '0');
    assert.equal(late.status, 3);
    assert.match(late.stderr, /1 package\(s\) not archived 1d after creation \(limit 0\)/);
    assert.equal((await cli('archive', 'backlog', '--fail-if-not-archived', '1')).status, 0);
    const failed = await cli('archive', 'backlog', '--fail-if-failed', '0', '--json');
    assert.equal(failed.status, 3);
    assert.match(failed.json().breaches[0], /1 failed archive transfers \(limit 0\)/);
    assert.equal((await cli('archive', 'backlog', '--fail-if-older-than', '1h')).status, 3);
    assert.equal((await cli('archive', 'backlog', '--fail-if-older-than', '2h')).status, 0);
  });

  it('rejects bad input: a status, a duration, an unknown location', async () => {
    const status = await cli('archive', 'list', '--status', 'lost');
    assert.equal(status.status, 2);
    assert.match(status.stderr, /one of: pending, scheduled, in_progress, completed, failed/);
    const duration = await cli('archive', 'backlog', '--not-archived-after', 'tomorrow');
    assert.equal(duration.status, 2);
    assert.match(duration.stderr, /--not-archived-after: 'tomorrow' is not a duration/);
    const location = await cli('archive', 'list', '--destination', 'cologne/ltaa');
    assert.equal(location.status, 4);
    assert.match(location.stderr, /did you mean 'cologne\/lta'/);
  });

  it('backlog does not count an archive transfer finished in the future in the last 24 h or any day', async () => {
    await db.query(
      `insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id, status,
                                               started_at, finished_at)
       select raw_data_package_id, origin_location_id, destination_location_id, 'completed',
              now() - interval '1 hour', now() + interval '1 hour'
         from long_term_archive_transfer where id = 2`,
    );
    const [row] = (await cli('archive', 'backlog', '--json')).json().rows;
    assert.equal(row.completed24h, 1);
    assert.equal(row.completedBytes24h, 20 * GB);
    assert.equal(
      row.daily.reduce((n: number, d: { count: number }) => n + d.count, 0),
      2,
      'P1 two days ago and P2 20 h ago',
    );
  });
});
