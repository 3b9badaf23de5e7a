import assert from 'node:assert/strict';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** An execution, package and file with ids of their own; two executions sharing their first 8 characters. */
const X = 'abcdef12-3456-4000-8000-000000000001';
const TWINS = ['abcdef01-0000-4000-8000-000000000001', 'abcdef01-0000-4000-8000-000000000002'];
const PX = 'abcdef34-0000-4000-8000-000000000001';
const FX = 'abcdef56-0000-4000-8000-000000000001';

describe('ids by a unique prefix of at least 8 characters, everywhere an id is taken', function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const ok = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.json();
  };
  const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
    const r = await cli(...args);
    assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };

  before(async () => {
    await loadOpsFixture(db);
    await db.query(
      `insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time)
       select v.id::uuid, (select id from obs_unit where name = 'ou-cal-1'), 'completed', now() - interval '2 hours', now()
         from unnest($1::text[]) v(id)`,
      [[X, ...TWINS]],
    );
    await db.query(
      `insert into raw_data_package (id, name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, status, state)
       select $1, 'PX', $2, min(id), 'packages/PX.tar', 10, 'pending', 'waiting' from instrument_module`,
      [PX, X],
    );
    await db.query(
      `insert into raw_data_file (id, executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                                  checksum, checksum_algorithm)
       select $1, $2, instrument_module_id, id, 'raw/PX/1.fits', 10, 'fx', 'sha256' from raw_data_package where id = $3`,
      [FX, X, PX],
    );
    // Its tar's checksum once its file is in: a sealed package keeps its files.
    await db.query(`update raw_data_package set checksum = 'px', checksum_algorithm = 'sha256' where id = $1`, [PX]);
  });

  it('shows an execution, a file and a package by a prefix, in any case and with or without dashes', async () => {
    assert.equal((await ok('executed', 'show', 'abcdef12')).id, X);
    assert.equal((await ok('executed', 'show', 'ABCDEF12-34')).id, X);
    assert.equal((await ok('executed', 'show', 'abcdef123456')).id, X);
    assert.equal((await ok('file', 'show', 'abcdef56')).id, FX);
    assert.equal((await ok('package', 'show', 'abcdef34')).name, 'PX');
    assert.equal((await ok('package', 'show', PX)).name, 'PX');
    assert.equal((await ok('package', 'show', 'P1')).name, 'P1', 'names still work');
  });

  it('takes prefixes in the filters of the lists and in staging requests', async () => {
    assert.deepEqual(
      (await ok('file', 'list', '--executed', 'abcdef12')).items.map((f: { id: string }) => f.id),
      [FX],
    );
    assert.deepEqual(
      (await ok('file', 'list', '--package', 'abcdef34')).items.map((f: { id: string }) => f.id),
      [FX],
    );
    assert.deepEqual(
      (await ok('package', 'list', '--executed', 'abcdef12')).items.map((p: { name: string }) => p.name),
      ['PX'],
    );
    const byExecuted = await ok(
      'staging',
      'request',
      '--to',
      'ramses/processing',
      '--executed',
      'abcdef12',
      '--dry-run',
    );
    assert.deepEqual(byExecuted.refused, [{ name: 'PX', reason: 'not archived (state waiting)' }]);
    const byPackage = await ok('staging', 'request', '--to', 'ramses/processing', 'abcdef34', '--dry-run');
    assert.deepEqual(byPackage.refused, [{ name: 'PX', reason: 'not archived (state waiting)' }]);
  });

  it('refuses an ambiguous prefix with exit 2 listing the candidates, too short a prefix with exit 2, an unknown one with exit 4', async () => {
    const twins = new RegExp(`'abcdef01' is ambiguous: 2 executed obs units start with it \\(${TWINS.join(', ')}\\)`);
    await bad(2, twins, 'executed', 'show', 'abcdef01');
    await bad(2, /Try: give more characters of the id/, 'executed', 'show', 'abcdef01-0000');
    await bad(2, new RegExp(`--executed: ${twins.source}`), 'file', 'list', '--executed', 'abcdef01');
    await bad(2, new RegExp(`--executed: ${twins.source}`), 'package', 'list', '--executed', 'abcdef01');
    await bad(
      2,
      new RegExp(`--executed: ${twins.source}`),
      'staging',
      'request',
      '--to',
      'ramses/processing',
      '--executed',
      'abcdef01',
      '--dry-run',
    );
    await bad(
      2,
      /is ambiguous: 4 raw data packages start with it/,
      'package',
      'show',
      '00000000-0000-4000-8000-0000000000a',
    );
    await bad(
      2,
      /'abcdef1' is not an executed obs unit id \(a UUID, or at least its first 8 characters\)/,
      'executed',
      'show',
      'abcdef1',
    );
    await bad(2, /'abcdef1' is not a raw data file id/, 'file', 'show', 'abcdef1');
    await bad(4, /no executed obs unit with an id starting abcdef99/, 'executed', 'show', 'abcdef99');
    await bad(4, /no raw data file with an id starting abcdef99/, 'file', 'show', 'abcdef99');
    await bad(4, /no raw data package 'abcdef99'/, 'package', 'show', 'abcdef99');
  });
});
