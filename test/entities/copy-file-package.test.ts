import assert from 'node:assert/strict';
import { MikroORM } from '@mikro-orm/postgresql';
import { KEPT_VALUE_RULES } from '../../src/db/data-rules/kept-value-rules.js';
import { DATA_RULES } from '../../src/db/data-rules/index.js';
import { ormOptions } from '../../src/db/orm-config.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * physical_copy.file_package_id, the package of a file copy's file, which the deletion guard reads
 * instead of looking each file up: the database keeps it whoever writes (plain SQL here, as another
 * service would), and the rules stay right where it is not set.
 */
describe('the package of a file copy (physical_copy.file_package_id)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const SOURCE = 'physical_copy_source_kept_until_archived';
  const STAGING = 'physical_copy_needed_by_staging';

  let n = 0;
  const one = async <R extends Record<string, unknown> = { id: string }>(sql: string, params?: unknown[]) => {
    const rows = await db.query<R>(sql, params);
    assert.equal(rows.length, 1, sql);
    return rows[0];
  };
  const fx = {} as { executed: string; module: number; source: number; buffer: number; lta: number; proc: number };

  before(async () => {
    const site = (await one<{ id: number }>(`insert into site (short_name, name) values ('s', 'S') returning id`)).id;
    const location = async (name: string, type: string) =>
      (
        await one<{ id: number }>(
          `insert into data_location (site_id, name, location_type, storage_type, root_path)
           values ($1, $2, $3, 'disk', '/data') returning id`,
          [site, name, type],
        )
      ).id;
    fx.source = await location('source', 'source');
    fx.buffer = await location('buffer', 'buffer');
    fx.lta = await location('lta', 'long_term_archive');
    fx.proc = await location('proc', 'processing');
    await db.query(`insert into observatory (name) values ('o')`);
    await db.query(`insert into telescope (observatory_id, name) select id, 't' from observatory`);
    await db.query(
      `insert into instrument (telescope_id, name, instrument_type) select id, 'i', 'heterodyne' from telescope`,
    );
    fx.module = (
      await one<{ id: number }>(
        `insert into instrument_module (instrument_id, name) select id, 'm' from instrument returning id`,
      )
    ).id;
    await db.query(`insert into observing_program (short_name, name) values ('p', 'P')`);
    await db.query(`insert into source (name, source_type, ra_deg, dec_deg) values ('orion', 'fixed', 83.8, -5.4)`);
    await db.query(`insert into obs_mode (name) values ('otf')`);
    await db.query(
      `insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
       select 'ou', (select id from observing_program), (select id from source), (select id from obs_mode)`,
    );
    fx.executed = (
      await one(`insert into executed_obs_unit (obs_unit_id, start_time) select id, now() from obs_unit returning id`)
    ).id;
  });

  /** Archives a package: sealed, with a verified copy in the LTA (its files joined before). */
  const archive = async (pkg: string) => {
    await db.query(
      `update raw_data_package set state = 'archived', archived_at = now(), checksum = 'abc', checksum_algorithm = 'md5'
        where id = $1`,
      [pkg],
    );
    await db.query(
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, verified_at)
       values ('raw_data_package', $1, $2, now())`,
      [pkg, fx.lta],
    );
  };
  /** A raw data package, waiting: open, so files may still join it. */
  const newPackage = async () => {
    const name = `pkg_${++n}`;
    const pkg = (
      await one(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
         values ($1::text, $2, $3, $1::text || '.tar') returning id`,
        [name, fx.executed, fx.module],
      )
    ).id;
    return pkg;
  };
  const newFile = async (pkg: string | null) =>
    (
      await one(
        `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                                    checksum, checksum_algorithm)
         values ($1, $2, $3, $4, 10, 'f', 'md5') returning id`,
        [fx.executed, fx.module, pkg, `f_${++n}.dat`],
      )
    ).id;
  const fileCopy = async (file: string, location: number) =>
    (
      await one(
        `insert into physical_copy (copy_type, raw_data_file_id, data_location_id) values ('raw_data_file', $1, $2) returning id`,
        [file, location],
      )
    ).id;
  const filePackage = async (copy: string) =>
    (await one<{ p: string | null }>(`select file_package_id as p from physical_copy where id = $1`, [copy])).p;
  const schedule = (copy: string) =>
    db.query(`update physical_copy set status = 'deletion_scheduled' where id = $1`, [copy]);
  const refusedBy = (constraint: string) => (err: unknown) => {
    const e = err as { code: string; constraint: string; message: string };
    assert.equal(e.code, '23001', e.message);
    assert.equal(e.constraint, constraint);
    return true;
  };

  it("is set from the file on insert, whatever the writer puts there, and only on a file's copy", async () => {
    const pkg = await newPackage();
    const packed = await newFile(pkg);
    const loose = await newFile(null);
    assert.equal(await filePackage(await fileCopy(packed, fx.buffer)), pkg);
    assert.equal(await filePackage(await fileCopy(loose, fx.buffer)), null);
    const other = await newPackage();
    const lying = (
      await one(
        `insert into physical_copy (copy_type, raw_data_file_id, data_location_id, file_package_id)
         values ('raw_data_file', $1, $2, $3) returning id`,
        [packed, fx.source, other],
      )
    ).id;
    assert.equal(await filePackage(lying), pkg);
    const packageCopy = (
      await one(
        `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, file_package_id)
         values ('raw_data_package', $1, $2, $1) returning id`,
        [pkg, fx.buffer],
      )
    ).id;
    assert.equal(await filePackage(packageCopy), null);
  });

  it('is set right again when a writer updates it; a copy is not moved to another file', async () => {
    const pkg = await newPackage();
    const other = await newPackage();
    const copy = await fileCopy(await newFile(pkg), fx.buffer);
    await db.query(`update physical_copy set file_package_id = $2 where id = $1`, [copy, other]);
    assert.equal(await filePackage(copy), pkg);
    await assert.rejects(
      db.query(`update physical_copy set raw_data_file_id = $2 where id = $1`, [copy, await newFile(other)]),
      { code: '23001', constraint: 'physical_copy_item_and_location_fixed' },
    );
    assert.equal(await filePackage(copy), pkg);
  });

  it("follows its file's package: packing, repacking, unpacking, the package deleted", async () => {
    const first = await newPackage();
    const second = await newPackage();
    const files = [await newFile(null), await newFile(null)];
    const copies = [
      await fileCopy(files[0], fx.source),
      await fileCopy(files[0], fx.buffer),
      await fileCopy(files[1], fx.source),
    ];
    await db.query(`update physical_copy set status = 'deleted', deleted_at = now() where id = $1`, [copies[1]]);
    const packages = async () => {
      const found = [];
      for (const copy of copies) found.push(await filePackage(copy));
      return found;
    };
    assert.deepEqual(await packages(), [null, null, null]);
    await db.query(`update raw_data_file set raw_data_package_id = $1 where id = any($2::uuid[])`, [first, files]);
    assert.deepEqual(await packages(), [first, first, first], 'deleted copies too, in one statement');
    await db.query(`update raw_data_file set raw_data_package_id = $1 where id = $2`, [second, files[1]]);
    assert.deepEqual(await packages(), [first, first, second]);
    await db.query(`update raw_data_file set raw_data_package_id = null where id = $1`, [files[0]]);
    assert.deepEqual(await packages(), [null, null, second]);
    await db.query(`delete from raw_data_package where id = $1`, [second]);
    assert.deepEqual(await packages(), [null, null, null], 'the foreign key emptied the file');
  });

  it("lets the SOURCE rule judge the file's package as it is now", async () => {
    const first = await newPackage();
    const second = await newPackage();
    const file = await newFile(first);
    const copy = await fileCopy(file, fx.source);
    await assert.rejects(schedule(copy), refusedBy(SOURCE));
    await db.query(`update raw_data_file set raw_data_package_id = $1 where id = $2`, [second, file]);
    await assert.rejects(schedule(copy), refusedBy(SOURCE));
    await archive(second);
    await schedule(copy);
  });

  it('where it is not set (as on rows the migration could not fill), the rules look the file up', async () => {
    const waiting = await newPackage();
    const atSource = await fileCopy(await newFile(waiting), fx.source);
    const staged = await newPackage();
    const atProc = await fileCopy(await newFile(staged), fx.proc);
    await archive(staged);
    const job = (
      await one<{ id: number }>(
        `insert into staging_job (destination_location_id, requested_by) values ($1, 'alice') returning id`,
        [fx.proc],
      )
    ).id;
    await db.query(
      `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status, started_at)
       values ($1, $2, $3, 'in_progress', now())`,
      [job, staged, fx.proc],
    );
    await db.query('alter table physical_copy disable trigger file_package_from_file');
    try {
      await db.query(`update physical_copy set file_package_id = null where id = any($1::bigint[])`, [
        [atSource, atProc],
      ]);
    } finally {
      await db.query('alter table physical_copy enable trigger file_package_from_file');
    }
    assert.equal(await filePackage(atSource), null);
    await assert.rejects(schedule(atSource), refusedBy(SOURCE));
    await assert.rejects(schedule(atProc), refusedBy(STAGING));
    const blockers = await db.query<{ copy_id: string; rule: string }>(
      `select copy_id::text, rule from physical_copy_deletion_blockers(
         array(select c from physical_copy c where c.id = any($1::bigint[]))) order by copy_id`,
      [[atSource, atProc]],
    );
    assert.deepEqual(
      blockers.map((b) => b.rule),
      [SOURCE, STAGING],
    );
  });

  it('is checked by db check --data: a wrong value is listed until the column is written', async () => {
    const [rule] = KEPT_VALUE_RULES;
    assert.ok(DATA_RULES.includes(rule));
    assert.deepEqual(await db.query(rule.violations), []);
    const pkg = await newPackage();
    const copy = await fileCopy(await newFile(null), fx.buffer);
    await db.query('alter table physical_copy disable trigger file_package_from_file');
    try {
      await db.query(`update physical_copy set file_package_id = $2 where id = $1`, [copy, pkg]);
    } finally {
      await db.query('alter table physical_copy enable trigger file_package_from_file');
    }
    assert.deepEqual(await db.query(rule.violations), [
      { key: `id ${copy}`, detail: `file_package_id ${pkg}, its file is in no package` },
    ]);
    await db.query(`update physical_copy set file_package_id = null where id = $1`, [copy]);
    assert.deepEqual(await db.query(rule.violations), []);
  });
});

describe('the file_package_id migration on copies made before it', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  let orm: MikroORM;

  before(async () => {
    orm = await MikroORM.init(ormOptions({ clientUrl: db.url }));
    await orm.migrator.up({ to: 'Migration20261202051802_chai_details_only_for_chai' });
  });
  after(() => orm?.close(true));

  it("fills a file copy's package without touching updated_at", async () => {
    await db.query(`
      insert into site (short_name, name) values ('s', 'S');
      insert into data_location (site_id, name, location_type, storage_type, root_path)
        select id, 'buffer', 'buffer', 'disk', '/d' from site;
      insert into observatory (name) values ('o');
      insert into telescope (observatory_id, name) select id, 't' from observatory;
      insert into instrument (telescope_id, name, instrument_type) select id, 'i', 'heterodyne' from telescope;
      insert into instrument_module (instrument_id, name) select id, 'm' from instrument;
      insert into observing_program (short_name, name) values ('p', 'P');
      insert into source (name, source_type, ra_deg, dec_deg) values ('orion', 'fixed', 83.8, -5.4);
      insert into obs_mode (name) values ('otf');
      insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
        select 'ou', (select id from observing_program), (select id from source), (select id from obs_mode);
      insert into executed_obs_unit (obs_unit_id, start_time) select id, now() from obs_unit;
      insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
        select 'p1', (select id from executed_obs_unit), (select id from instrument_module), 'p1.tar';
      insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                                 checksum, checksum_algorithm)
        select executed_obs_unit_id, instrument_module_id, v.pkg, v.path, 1, 'f', 'md5'
          from raw_data_package, (values ('a', (select id from raw_data_package)), ('b', null)) v(path, pkg);
      insert into physical_copy (copy_type, raw_data_file_id, data_location_id, updated_at)
        select 'raw_data_file', f.id, l.id, '2026-01-01' from raw_data_file f, data_location l;
      insert into physical_copy (copy_type, raw_data_package_id, data_location_id, updated_at)
        select 'raw_data_package', p.id, l.id, '2026-01-01' from raw_data_package p, data_location l;
    `);
    await orm.migrator.up();
    const copies = await db.query<{ item: string; package: string | null; updated: string }>(
      `select coalesce(f.relative_path, c.copy_type) as item, p.name as package, c.updated_at::date::text as updated
         from physical_copy c left join raw_data_file f on f.id = c.raw_data_file_id
         left join raw_data_package p on p.id = c.file_package_id order by 1`,
    );
    assert.deepEqual(copies, [
      { item: 'a', package: 'p1', updated: '2026-01-01' },
      { item: 'b', package: null, updated: '2026-01-01' },
      { item: 'raw_data_package', package: null, updated: '2026-01-01' },
    ]);
  });
});
