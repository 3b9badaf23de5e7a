import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocationUsage } from '../../../src/views/location-usage.js';
import { GB, loadOpsFixture, P } from '../../helpers/ops-fixture.js';
import { runCliAsync } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/**
 * On the ops fixture: ccat/buffer holds the two files of P3 (10 GB each, written 30 h ago) and the
 * deleted bundle B1; cologne/buffer the four files of P1 and P2 (30 GB, 3 days ago). Added here:
 * at ramses/processing a staged copy of P3 recorded at its own size (7 GB, 2 h ago) and a copy of
 * P4 (5 GB) dated tomorrow by a writer whose clock is ahead.
 */
describe('ccat-ops location usage', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const usage = async (...args: string[]) => {
    const r = await cli('location', 'usage', ...args, '--json');
    return { ...r, locations: r.stdout ? (r.json().locations as LocationUsage[]) : [] };
  };
  const of = (locations: LocationUsage[], key: string) => locations.find((l) => l.location === key)!;
  const capacity = async (key: string) => {
    const [site, name] = key.split('/');
    const [row] = await db.query<{ capacity_bytes: string | null }>(
      `select l.capacity_bytes from data_location l join site s on s.id = l.site_id
        where s.short_name = $1 and l.name = $2`,
      [site, name],
    );
    return row.capacity_bytes === null ? null : Number(row.capacity_bytes);
  };
  const scratch = mkdtempSync(join(tmpdir(), 'ccat-ops-usage-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  before(async () => {
    await loadOpsFixture(db);
    await db.query(
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, size_bytes, created_at)
       select 'raw_data_package', v.pkg::uuid, l.id, v.status, v.size, now() + v.age::interval
         from (values ($1, 'staged', ${7 * GB}::bigint, '-2 hours'), ($2, 'present', null, '1 day')) v(pkg, status, size, age)
         cross join data_location l join site s on s.id = l.site_id
        where s.short_name = 'ramses' and l.name = 'processing'`,
      [P[3], P[4]],
    );
  });

  it('reports every active location: live copies and bytes by status, growth per day that never counts the future', async () => {
    const r = await usage();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.locations.map((l) => l.location),
      [
        'ccat/buffer',
        'ccat/telescope_computer',
        'cologne/buffer',
        'cologne/lta',
        'ramses/processing',
        'us/buffer',
        'us/lta',
      ],
    );
    const ccat = of(r.locations, 'ccat/buffer');
    assert.deepEqual([ccat.copies, ccat.bytes], [2, 20 * GB], 'the deleted bundle takes no space');
    assert.deepEqual(ccat.byStatus, [{ status: 'present', copies: 2, bytes: 20 * GB }]);
    assert.equal(ccat.daily.length, 14);
    assert.deepEqual(
      ccat.daily.map((d) => d.bytes),
      [...Array(12).fill(0), 20 * GB, 0],
      'written 30 h ago: the second-to-last 24 h',
    );
    assert.equal(ccat.addedBytes, 20 * GB);
    assert.equal(ccat.bytesPerDay, (20 * GB) / 14);
    assert.deepEqual([ccat.capacity, ccat.freeBytes, ccat.daysLeft], [null, null, null]);

    const cologne = of(r.locations, 'cologne/buffer');
    assert.deepEqual([cologne.copies, cologne.bytes, cologne.addedBytes], [4, 30 * GB, 30 * GB]);
    assert.deepEqual([of(r.locations, 'cologne/lta').bytes, of(r.locations, 'us/lta').bytes], [30 * GB, 10 * GB]);

    const processing = of(r.locations, 'ramses/processing');
    assert.deepEqual(processing.byStatus, [
      { status: 'present', copies: 1, bytes: 5 * GB },
      { status: 'staged', copies: 1, bytes: 7 * GB },
    ]);
    assert.equal(processing.bytes, 12 * GB, "a copy's own size counts, not its package's 20 GB");
    assert.equal(processing.addedBytes, 7 * GB, 'the copy dated tomorrow is not growth');
    assert.equal(processing.daily.at(-1)!.bytes, 7 * GB);
  });

  it('shows a table with sizes and a sparkline of the daily growth, and csv/ndjson for machines', async () => {
    const r = await cli('location', 'usage', 'ccat/buffer');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ccat\/buffer .*│ 2 +│ 20 GB/);
    assert.match(r.stdout, /present 2 \(20 GB\)/);
    assert.match(r.stdout, /▁{12}█▁/);
    const csv = await cli('location', 'usage', '--output', 'csv', '--columns', 'location,copies,bytes');
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csv.stdout.split('\n')[0], 'location,copies,bytes');
    assert.ok(csv.stdout.includes(`cologne/buffer,4,${30 * GB}`));
    const nd = await cli('location', 'usage', '--output', 'ndjson');
    assert.equal(
      nd.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)).length,
      7,
    );
  });

  it('sets a capacity with location update, then gives free space and days until full at the recent rate', async () => {
    const set = await cli('location', 'update', 'ccat/buffer', '--capacity', '40GB');
    assert.equal(set.status, 0, set.stderr);
    assert.equal(await capacity('ccat/buffer'), 40 * GB);

    const fortnight = of((await usage('ccat/buffer')).locations, 'ccat/buffer');
    assert.deepEqual([fortnight.capacity, fortnight.freeBytes], [40 * GB, 20 * GB]);
    assert.ok(Math.abs(fortnight.daysLeft! - 14) < 1e-9, '20 GB free at 20 GB a fortnight');
    const twoDays = of((await usage('ccat/buffer', '--days', '2')).locations, 'ccat/buffer');
    assert.equal(twoDays.daysLeft, 2, '20 GB free at 10 GB a day');

    const quiet = await cli('location', 'usage', 'ccat/buffer', '--days', '1', '--fail-if-days-left', '1000');
    assert.equal(quiet.status, 0, 'nothing added in the last 24 h: never full');
    assert.match(quiet.stdout, /not filling/);
  });

  it('--fail-if-days-left exits 3 when a location fills within the limit, 0 otherwise', async () => {
    const ok = await usage('--fail-if-days-left', '13');
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(ok.json().breaches, []);
    const late = await cli('location', 'usage', '--fail-if-days-left', '15');
    assert.equal(late.status, 3);
    assert.match(late.stderr, /ccat\/buffer is full in 14 days by its capacity \(limit 15 days\)/);
    const json = await usage('--days', '2', '--fail-if-days-left', '3');
    assert.equal(json.status, 3);
    assert.equal(json.json().breaches.length, 1);
  });

  it('says a location over its capacity is full, and clears the capacity with none', async () => {
    assert.equal((await cli('location', 'update', 'ccat/buffer', '--capacity', '10 GB')).status, 0);
    const full = await usage('ccat/buffer', '--days', '1', '--fail-if-days-left', '0');
    assert.equal(full.status, 3);
    assert.deepEqual(
      [of(full.locations, 'ccat/buffer').freeBytes, of(full.locations, 'ccat/buffer').daysLeft],
      [-10 * GB, 0],
    );
    assert.match(full.stderr, /ccat\/buffer is full by its capacity/);

    const cleared = await cli('location', 'update', 'ccat/buffer', '--capacity', 'none');
    assert.equal(cleared.status, 0, cleared.stderr);
    assert.equal(await capacity('ccat/buffer'), null);
    assert.equal((await usage('--fail-if-days-left', '0')).status, 0);
  });

  it('refuses a capacity that is not a size (exit 2, nothing written), and bad windows', async () => {
    assert.equal((await cli('location', 'update', 'ccat/buffer', '--capacity', '2TB')).status, 0);
    for (const bad of ['40XB', '-5TB', '1e3', 'lots', '99999EB']) {
      const r = await cli('location', 'update', 'ccat/buffer', '--capacity', bad);
      assert.equal(r.status, 2, bad);
      assert.equal(
        r.stderr.trim().split('\n')[0],
        `Error: --capacity: '${bad}' is not a size; write a size like 40TB, 500GB or 1.5PiB, or none to clear it`,
      );
      assert.doesNotMatch(r.stderr, /\bat .*\.js/);
    }
    assert.equal(await capacity('ccat/buffer'), 2e12, 'unchanged');
    const add = await cli(
      'location',
      'add',
      '--site',
      'us',
      '--name',
      'tape',
      '--type',
      'long_term_archive',
      '--storage',
      'tape',
      '--library',
      'tl1',
      '--capacity',
      '3 bananas',
    );
    assert.equal(add.status, 2);
    assert.equal((await db.query(`select 1 from data_location where name = 'tape'`)).length, 0, 'nothing added');

    for (const days of ['0', '3651', 'x'])
      assert.equal((await cli('location', 'usage', '--days', days)).status, 2, days);
    assert.equal((await cli('location', 'usage', 'ccat/bufer')).status, 4);
  });

  it('location add --capacity records it (1.5 TiB in bytes)', async () => {
    const r = await cli(
      'location',
      'add',
      '--site',
      'us',
      '--name',
      'tape',
      '--type',
      'long_term_archive',
      '--storage',
      'tape',
      '--library',
      'tl1',
      '--capacity',
      '1.5TiB',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await capacity('us/tape'), 1.5 * 2 ** 40);
  });

  it('--measure reads the free space of a disk root, and reports a missing root or s3 per location', async () => {
    const root = join(scratch, 'disk');
    const gone = join(scratch, 'gone');
    for (const [name, path] of [
      ['scratch', root],
      ['gone', gone],
    ]) {
      const r = await cli(
        'location',
        'add',
        '--site',
        'ramses',
        '--name',
        name,
        '--type',
        'processing',
        '--storage',
        'disk',
        '--root-path',
        path,
      );
      assert.equal(r.status, 0, r.stderr);
    }
    mkdirSync(root);
    assert.equal((await cli('location', 'write-marker', 'ramses/scratch')).status, 0);
    const r = await usage('--measure');
    assert.equal(r.status, 0, r.stderr);
    const disk = of(r.locations, 'ramses/scratch');
    assert.equal(disk.measureProblem, undefined);
    assert.ok(disk.measured!.freeBytes > 0);
    assert.ok(disk.measured!.sizeBytes >= disk.measured!.freeBytes);
    assert.equal(disk.measuredDaysLeft, null, 'not filling');
    assert.equal(of(r.locations, 'ramses/gone').measureProblem, `root ${gone} is missing on this host`);
    assert.equal(of(r.locations, 'cologne/lta').measureProblem, 'measuring is for disk locations (this is s3)');

    const table = await cli('location', 'usage', '--measure');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /missing on this host/);
  });

  it('--measure of several disk locations uses its one connection one statement at a time (no pg warning)', async () => {
    // pg warns (once per process: only a process of its own shows it) when a third statement is
    // sent while one runs and another waits.
    for (const name of ['scratch2', 'scratch3']) {
      const root = join(scratch, name);
      mkdirSync(root);
      const args = ['--type', 'processing', '--storage', 'disk', '--root-path', root];
      const add = await cli('location', 'add', '--site', 'ramses', '--name', name, ...args);
      assert.equal(add.status, 0, add.stderr);
      assert.equal((await cli('location', 'write-marker', `ramses/${name}`)).status, 0);
    }
    const r = await runCliAsync(['location', 'usage', '--measure', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    const measured = (r.json().locations as LocationUsage[]).filter((l) => l.measured);
    assert.deepEqual(
      measured.map((l) => l.location),
      ['ramses/scratch', 'ramses/scratch2', 'ramses/scratch3'],
    );
    assert.doesNotMatch(r.stderr, /Warning/);
  });

  it('--fail-if-days-left counts the measured free space too', async () => {
    // An exabyte written in the last hour: no real disk lasts a day at that rate.
    await db.query(
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, size_bytes, created_at)
       select 'raw_data_package', $1::uuid, l.id, 'present', 1000000000000000000, now() - interval '1 hour'
         from data_location l join site s on s.id = l.site_id where s.short_name = 'ramses' and l.name = 'scratch'`,
      [P[1]],
    );
    const r = await usage('ramses/scratch', '--measure', '--fail-if-days-left', '1');
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /ramses\/scratch is full in .* by the measured free space/);
  });
});
