import assert from 'node:assert/strict';
import { GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

interface Row {
  from: string;
  destination: string;
  pending: number;
  inProgress: number;
  failed: number;
  waitingBytes: number;
  oldestWaitingSeconds: number | null;
  completed24h: number;
  completedBytes24h: number;
  clearSeconds: number | null;
  daily: { day: string; count: number; bytes: number }[];
}

describe('ccat-ops transfer backlog', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const hours = (s: number | null) => (s === null ? null : Math.round(s / 3600));

  before(async () => loadOpsFixture(db));

  it('reports one row per route and destination: counts, bytes, oldest, last 24 h, time to clear', async () => {
    const r = await cli('transfer', 'backlog', '--json');
    assert.equal(r.status, 0, r.stderr);
    const rows: Row[] = r.json().rows;
    assert.deepEqual(
      rows.map((x) => `${x.from} → ${x.destination}`),
      ['ccat_to_cologne → cologne/buffer', 'cologne_to_us → us/buffer'],
    );
    const [toCologne, toUs] = rows;
    assert.deepEqual([toCologne.pending, toCologne.inProgress, toCologne.failed], [0, 1, 2]);
    assert.equal(toCologne.waitingBytes, 5 * GB);
    assert.equal(hours(toCologne.oldestWaitingSeconds), 3);
    assert.equal(toCologne.completed24h, 0);
    assert.equal(toCologne.clearSeconds, null, 'nothing moved in 24 h: it does not clear');
    assert.deepEqual([toUs.pending, toUs.inProgress, toUs.failed], [1, 0, 0]);
    assert.equal(toUs.waitingBytes, 20 * GB);
    assert.equal(hours(toUs.oldestWaitingSeconds), 10);
    assert.equal(toUs.completed24h, 1);
    assert.equal(toUs.completedBytes24h, 30 * GB);
    assert.equal(toUs.clearSeconds, 16 * 3600, '20 GB at 30 GB a day');
    assert.equal(toUs.daily.length, 7);
    assert.equal(
      toUs.daily.reduce((n, d) => n + d.bytes, 0),
      30 * GB,
    );
    assert.equal(
      toCologne.daily.reduce((n, d) => n + d.count, 0),
      1,
    );
    assert.deepEqual(r.json().totals, {
      waiting: 2,
      failed: 2,
      waitingBytes: 25 * GB,
      oldestWaitingSeconds: toUs.oldestWaitingSeconds,
    });
  });

  it('shows a table with humanised sizes, ages and a sparkline of daily throughput', async () => {
    const r = await cli('transfer', 'backlog');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /cologne_to_us .*us\/buffer/);
    assert.match(r.stdout, /20 GB/);
    assert.match(r.stdout, /16h/);
    assert.match(r.stdout, /stalled/);
    assert.match(r.stdout, /[▁▂▃▄▅▆▇█]{7}/);
  });

  it('narrows to one route or destination', async () => {
    const r = await cli('transfer', 'backlog', '--route', 'cologne_to_us', '--json');
    assert.deepEqual(
      r.json().rows.map((x: Row) => x.from),
      ['cologne_to_us'],
    );
    const d = await cli('transfer', 'backlog', '--destination', 'cologne/buffer', '--json');
    assert.deepEqual(
      d.json().rows.map((x: Row) => x.destination),
      ['cologne/buffer'],
    );
  });

  it('exits 3 when the oldest waiting transfer is older than --fail-if-older-than, 0 otherwise', async () => {
    const late = await cli('transfer', 'backlog', '--fail-if-older-than', '6h', '--json');
    assert.equal(late.status, 3);
    assert.match(late.stderr, /cologne_to_us → us\/buffer: the oldest waiting transfer is 10h/);
    assert.equal(late.json().breaches.length, 1);
    const fine = await cli('transfer', 'backlog', '--fail-if-older-than', '12h', '--json');
    assert.equal(fine.status, 0, fine.stderr);
    assert.deepEqual(fine.json().breaches, []);
  });

  it('exits 3 when more transfers failed than --fail-if-failed allows', async () => {
    const over = await cli('transfer', 'backlog', '--fail-if-failed', '1');
    assert.equal(over.status, 3);
    assert.match(over.stderr, /2 failed transfers \(limit 1\): ccat_to_cologne → cologne\/buffer: 2/);
    assert.equal((await cli('transfer', 'backlog', '--fail-if-failed', '2')).status, 0);
  });

  it('rejects a malformed duration (exit 2) and an unknown route (exit 4)', async () => {
    const bad = await cli('transfer', 'backlog', '--fail-if-older-than', 'six hours');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-if-older-than: 'six hours' is not a duration/);
    const route = await cli('transfer', 'backlog', '--route', 'nowhere');
    assert.equal(route.status, 4);
    assert.match(route.stderr, /no route 'nowhere'/);
  });

  it('does not count a transfer finished in the future (another writer’s clock) in the last 24 h or any day', async () => {
    await db.query(
      `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, route_id, status,
                                  unpack_status, bytes_transferred, started_at, finished_at)
       select data_transfer_package_id, origin_location_id, destination_location_id, route_id, 'completed', 'completed',
              bytes_transferred, now() - interval '1 hour', now() + interval '1 hour'
         from data_transfer where id = 2`,
    );
    const toUs = ((await cli('transfer', 'backlog', '--route', 'cologne_to_us', '--json')).json().rows as Row[])[0];
    assert.equal(toUs.completed24h, 1);
    assert.equal(toUs.completedBytes24h, 30 * GB);
    assert.equal(
      toUs.daily.reduce((n, d) => n + d.count, 0),
      1,
    );
  });
});
