import assert from 'node:assert/strict';
import { loadDeletionFixture, statuses } from '../../helpers/deletion-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/**
 * Two ways to delete SOURCE data no archive holds, found by an adversarial tester, now refused by
 * the database whoever writes: relabelling the SOURCE location (its type decides the deletion policy
 * of its copies), and slipping a late file into an archived package with plain SQL (its tar does not
 * hold the file). Each attack is replayed with the commands and the SQL another writer would use.
 */
describe('SOURCE data stays until archived, whatever another writer relabels or repacks', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  let late: { file: string; copy: number };

  before(async () => {
    await loadDeletionFixture(db);
    // An instrument files a late file of E1's CHAI/LFA (whose package P1 is archived) at SOURCE.
    const [file] = await db.query<{ id: string }>(
      `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
       select executed_obs_unit_id, instrument_module_id, 'raw/P1/late.fits', 7, 'l', 'md5' from raw_data_package where name = 'P1'
       returning id::text`,
    );
    const [copy] = await db.query<{ id: string }>(
      `insert into physical_copy (copy_type, raw_data_file_id, data_location_id)
       select 'raw_data_file', $1, l.id from data_location l join site s on s.id = l.site_id
        where s.short_name = 'ccat' and l.name = 'telescope_computer' returning id`,
      [file.id],
    );
    late = { file: file.id, copy: Number(copy.id) };
  });

  const kept = async () => {
    const r = await cli('copy', 'deletable', '--explain', String(late.copy));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /deletable\s+no/);
    assert.match(r.stdout, /physical_copy_source_kept_until_archived/);
  };

  it('keeps the type of the SOURCE location, saying what to do, so the late file stays kept', async () => {
    await kept();
    const r = await cli('location', 'update', 'ccat/telescope_computer', '--type', 'processing');
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /^Error: location ccat\/telescope_computer holds live physical copies and stays a source location: its type decides when they may be deleted\nTry: copy its data to a processing location \(new copies there\) and delete these copies first \(`ccat-ops copy list --location ccat\/telescope_computer`\); or register a new processing location with `ccat-ops location add`/,
    );
    const [loc] = await db.query<{ location_type: string }>(
      `select location_type from data_location where name = 'telescope_computer'`,
    );
    assert.equal(loc.location_type, 'source');
    // Another writer with plain SQL: refused by the rule the command checked first.
    await assert.rejects(
      db.query(`update data_location set location_type = 'processing' where name = 'telescope_computer'`),
      { code: '23001', constraint: 'data_location_type_kept_while_in_use' },
    );
    const scheduled = await cli(
      'copy',
      'schedule-deletion',
      '--location',
      'ccat/telescope_computer',
      '--yes',
      '--json',
    );
    assert.equal(scheduled.status, 0, scheduled.stderr);
    assert.ok(!scheduled.json().scheduled.some((c: { id: number }) => c.id === late.copy));
    assert.deepEqual(await statuses(db, [late.copy]), { [late.copy]: 'present' });
    await kept();
  });

  it('keeps the late file out of the archived package, so it is not taken for archived', async () => {
    await assert.rejects(
      db.query(
        `update raw_data_file set raw_data_package_id = (select id from raw_data_package where name = 'P1') where id = $1`,
        [late.file],
      ),
      (err: { code?: string; constraint?: string; message: string }) => {
        assert.deepEqual([err.code, err.constraint], ['23001', 'raw_data_package_files_fixed_once_sealed']);
        assert.equal(
          err.message,
          `raw data package P1 is sealed (archived): raw data file ${late.file} (raw/P1/late.fits) cannot join it, as its tar does not hold the file`,
        );
        return true;
      },
    );
    await kept();
    const [f] = await db.query<{ pkg: string | null }>(
      `select raw_data_package_id as pkg from raw_data_file where id = $1`,
      [late.file],
    );
    assert.equal(f.pkg, null);
    const show = await cli('package', 'show', 'P1', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().files, 2, 'P1 holds the two files its tar holds');
  });
});
