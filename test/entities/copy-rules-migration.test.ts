import assert from 'node:assert/strict';
import { MikroORM } from '@mikro-orm/postgresql';
import { COPY_RULES } from '../../src/db/data-rules/copy-rules.js';
import type { DataRule } from '../../src/db/data-rules/data-rule.js';
import { ormOptions } from '../../src/db/orm-config.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * The copy-rules migration on a database another writer already filled with rows that break the
 * new rules: it applies, checks new writes at once, and the catalogue lists the old rows, then
 * validates once they are repaired.
 */
describe('the copy-rules migration on a database holding bad copies', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  let orm: MikroORM;
  const ids = {} as Record<'deletedNoDate' | 'possiblePackage' | 'liveA' | 'liveB' | 'sourceDeleted', string>;

  before(async () => {
    orm = await MikroORM.init(ormOptions({ clientUrl: db.url }));
    await orm.migrator.up({ to: 'Migration20261201222854_staging_guard_by_job' });
  });
  after(() => orm?.close(true));

  const rule = (name: string): DataRule => {
    const found = COPY_RULES.find((r) => r.name === name);
    assert.ok(found, name);
    return found;
  };
  const violations = async (name: string) =>
    (await db.query<{ key: string; detail: string | null }>(rule(name).violations)).map((v) => v.key);
  const pending = async (name: string) =>
    (await db.query<{ pending: boolean }>(rule(name).validate!.pending))[0].pending;
  const validate = async (name: string) => {
    await db.query('begin');
    try {
      for (const statement of rule(name).validate!.apply) await db.query(statement);
      await db.query('commit');
    } catch (err) {
      await db.query('rollback');
      throw err;
    }
  };

  it('applies over old rows that break the rules', async () => {
    const one = async (sql: string, params?: unknown[]) => (await db.query<{ id: string }>(sql, params))[0].id;
    const site = await one(`insert into site (short_name, name) values ('s', 'S') returning id`);
    const location = (name: string, type: string) =>
      one(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ($1, $2, $3, 'disk', '/d') returning id`,
        [site, name, type],
      );
    const source = await location('source', 'source');
    const buffer = await location('buffer', 'buffer');
    await db.query(`insert into observatory (name) values ('o')`);
    await db.query(`insert into telescope (observatory_id, name) select id, 't' from observatory`);
    await db.query(
      `insert into instrument (telescope_id, name, instrument_type) select id, 'i', 'heterodyne' from telescope`,
    );
    await db.query(`insert into instrument_module (instrument_id, name) select id, 'm' from instrument`);
    await db.query(`insert into observing_program (short_name, name) values ('p', 'P')`);
    await db.query(`insert into source (name, source_type, ra_deg, dec_deg) values ('orion', 'fixed', 1, 1)`);
    await db.query(`insert into obs_mode (name) values ('otf')`);
    await db.query(
      `insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
       select 'ou', (select id from observing_program), (select id from source), (select id from obs_mode)`,
    );
    const executed = await one(
      `insert into executed_obs_unit (obs_unit_id, start_time) select id, now() from obs_unit returning id`,
    );
    const pkg = await one(
      `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
       values ('pkg', $1, (select id from instrument_module), 'pkg.tar') returning id`,
      [executed],
    );
    const file = async (path: string) =>
      one(
        `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes, checksum, checksum_algorithm)
         values ($1, (select id from instrument_module), $2, $3, 1, 'x', 'md5') returning id`,
        [executed, pkg, path],
      );
    const copy = (type: string, item: string, loc: string, status: string, deletedAt: string) =>
      one(
        `insert into physical_copy (copy_type, ${type}_id, data_location_id, status, deleted_at)
         values ($1, $2, $3, $4, ${deletedAt}) returning id`,
        [type, item, loc, status],
      );
    // What another writer stored before the rules existed:
    ids.deletedNoDate = await copy('raw_data_file', await file('a.dat'), buffer, 'deleted', 'null');
    ids.possiblePackage = await copy('raw_data_package', pkg, buffer, 'deletion_possible', 'null');
    const twice = await file('b.dat');
    ids.liveA = await copy('raw_data_file', twice, buffer, 'present', 'null');
    ids.liveB = await copy('raw_data_file', twice, buffer, 'present', 'now()'); // "deleted" by date only
    ids.sourceDeleted = await copy('raw_data_file', await file('c.dat'), source, 'deleted', 'now()');

    const applied = (await orm.migrator.up()).map((m) => m.name);
    assert.ok(applied.includes('Migration20261202012032_copy_rules'), applied.join(', '));
  });

  it('checks new writes at once, and lists the old rows that break each rule', async () => {
    const [{ file, loc }] = await db.query<{ file: string; loc: string }>(
      `select raw_data_file_id as file, data_location_id as loc from physical_copy where id = $1`,
      [ids.liveA],
    );
    await assert.rejects(
      db.query(
        `insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status) values ('raw_data_file', $1, $2, 'deleted')`,
        [file, loc],
      ),
      { code: '23514', constraint: 'physical_copy_deleted_iff_deleted_at' },
    );
    assert.deepEqual(await violations('physical_copy_deleted_iff_deleted_at'), [
      `id ${ids.deletedNoDate}`,
      `id ${ids.liveB}`,
    ]);
    assert.deepEqual(await violations('physical_copy_deletion_possible_only_for_files'), [`id ${ids.possiblePackage}`]);
    assert.deepEqual(await violations('physical_copy_raw_data_file_live_unique'), [
      `copies ${ids.liveA}, ${ids.liveB}`,
    ]);
    assert.deepEqual(await violations('physical_copy_raw_data_package_live_unique'), []);
    assert.deepEqual(await violations('physical_copy_source_kept_until_archived'), [`id ${ids.sourceDeleted}`]);
    for (const name of [
      'physical_copy_deleted_iff_deleted_at',
      'physical_copy_deletion_possible_only_for_files',
      'physical_copy_raw_data_file_live_unique',
    ]) {
      assert.equal(await pending(name), true, name);
    }
    assert.equal(await pending('physical_copy_raw_data_package_live_unique'), false, 'rebuilt: no duplicates there');
    const [index] = await db.query<{ indexdef: string }>(
      `select indexdef from pg_indexes where indexname = 'physical_copy_raw_data_file_live_unique'`,
    );
    assert.match(index.indexdef, /deleted_at IS NULL/, 'the old index stays while duplicates exist');
  });

  it('validates once the rows are repaired', async () => {
    await assert.rejects(validate('physical_copy_deleted_iff_deleted_at'), { code: '23514' });
    await assert.rejects(validate('physical_copy_raw_data_file_live_unique'), { code: '23505' });
    await db.query(`update physical_copy set deleted_at = now() where id = $1`, [ids.deletedNoDate]);
    await db.query(`update physical_copy set status = 'deleted' where id = $1`, [ids.liveB]);
    await db.query(`update physical_copy set status = 'deletion_scheduled' where id = $1`, [ids.possiblePackage]);
    for (const name of [
      'physical_copy_deleted_iff_deleted_at',
      'physical_copy_deletion_possible_only_for_files',
      'physical_copy_raw_data_file_live_unique',
    ]) {
      assert.deepEqual(await violations(name), [], name);
      await validate(name);
      assert.equal(await pending(name), false, name);
    }
    const [index] = await db.query<{ indexdef: string }>(
      `select indexdef from pg_indexes where indexname = 'physical_copy_raw_data_file_live_unique'`,
    );
    assert.match(index.indexdef, /WHERE \(\(status <> 'deleted'::text\) AND \(raw_data_file_id IS NOT NULL\)\)/);
  });
});
