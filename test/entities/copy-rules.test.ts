import assert from 'node:assert/strict';
import pg from 'pg';
import { COPY_RULES } from '../../src/db/data-rules/copy-rules.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * The rules PostgreSQL keeps for physical copies whoever writes (issue #13): every forbidden state is
 * written with plain SQL on this file's own connection, as another service would.
 */
describe('physical copy rules (DESIGN §6)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();

  const check = (constraint: string) => ({ code: '23514', constraint });
  const unique = (constraint: string) => ({ code: '23505', constraint });
  const guard = (constraint: string, message: RegExp) => (err: unknown) => {
    const e = err as { code: string; constraint: string; message: string; hint: string };
    assert.equal(e.code, '23001', e.message);
    assert.equal(e.constraint, constraint);
    assert.match(e.message, message);
    assert.ok(e.hint, 'a refusal says what to do');
    return true;
  };
  const SOURCE = 'physical_copy_source_kept_until_archived';
  const STAGING = 'physical_copy_needed_by_staging';
  const PACKAGE_FILES = 'raw_data_package_files_fixed_once_sealed';

  let n = 0;
  const uniq = (prefix: string) => `${prefix}_${++n}`;
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

  /** A raw data package (state and checksum as given, set once its file is in) with one file; ids of both. */
  const packageWithFile = async (state = 'waiting', checksum: string | null = 'abc') => {
    const name = uniq('pkg');
    const pkg = (
      await one(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
         values ($1::text, $2, $3, $1::text || '.tar') returning id`,
        [name, fx.executed, fx.module],
      )
    ).id;
    const file = (
      await one(
        `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                                    checksum, checksum_algorithm)
         values ($1, $2, $3, $4, 10, 'f', 'md5') returning id`,
        [fx.executed, fx.module, pkg, `${name}/f.dat`],
      )
    ).id;
    await db.query(
      `update raw_data_package set state = $2::text, archived_at = case when $2::text = 'archived' then now() end,
              checksum = $3::text, checksum_algorithm = case when $3::text is not null then 'md5' end
        where id = $1`,
      [pkg, state, checksum],
    );
    return { pkg, file, name };
  };
  const fileCopy = async (file: string, location: number, status = 'present') =>
    (
      await one(
        `insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status) values ('raw_data_file', $1, $2, $3) returning id`,
        [file, location, status],
      )
    ).id;
  const packageCopy = async (pkg: string, location: number, extra = '') =>
    (
      await one(
        `insert into physical_copy (copy_type, raw_data_package_id, data_location_id${extra ? ', verified_at' : ''})
         values ('raw_data_package', $1, $2${extra ? `, ${extra}` : ''}) returning id`,
        [pkg, location],
      )
    ).id;
  const setStatus = (copy: string, status: string) =>
    db.query(
      `update physical_copy set status = $2::text, deleted_at = case when $2::text = 'deleted' then now() end where id = $1`,
      [copy, status],
    );

  describe('status and deleted_at', () => {
    it('refuses a deleted copy without deleted_at, and deleted_at on a copy that is not deleted', async () => {
      const { file } = await packageWithFile();
      await assert.rejects(fileCopy(file, fx.buffer, 'deleted'), check('physical_copy_deleted_iff_deleted_at'));
      const copy = await fileCopy(file, fx.buffer);
      await assert.rejects(
        db.query(`update physical_copy set status = 'deleted' where id = $1`, [copy]),
        check('physical_copy_deleted_iff_deleted_at'),
      );
      await assert.rejects(
        db.query(`update physical_copy set deleted_at = now() where id = $1`, [copy]),
        check('physical_copy_deleted_iff_deleted_at'),
      );
      await db.query(`update physical_copy set status = 'deleted', deleted_at = now() where id = $1`, [copy]);
      await assert.rejects(
        db.query(`update physical_copy set status = 'present' where id = $1`, [copy]),
        check('physical_copy_deleted_iff_deleted_at'),
      );
      await db.query(`update physical_copy set status = 'present', deleted_at = null where id = $1`, [copy]);
    });

    it('lets only a raw data file copy be deletion_possible', async () => {
      const { pkg, file } = await packageWithFile();
      const copy = await packageCopy(pkg, fx.buffer);
      await assert.rejects(
        setStatus(copy, 'deletion_possible'),
        check('physical_copy_deletion_possible_only_for_files'),
      );
      await setStatus(await fileCopy(file, fx.buffer), 'deletion_possible');
    });

    it('keeps one live copy of an item per location, live meaning status not deleted', async () => {
      const { file } = await packageWithFile();
      const first = await fileCopy(file, fx.buffer);
      await assert.rejects(fileCopy(file, fx.buffer), unique('physical_copy_raw_data_file_live_unique'));
      await assert.rejects(
        fileCopy(file, fx.buffer, 'deletion_failed'),
        unique('physical_copy_raw_data_file_live_unique'),
      );
      await setStatus(first, 'deleted');
      await fileCopy(file, fx.buffer);
      const defs = await db.query<{ indexdef: string }>(
        `select indexdef from pg_indexes where indexname like 'physical_copy_%_live_unique' order by indexname`,
      );
      assert.equal(defs.length, 3);
      for (const d of defs) assert.match(d.indexdef, /WHERE \(\(status <> 'deleted'::text\) AND/);
    });
  });

  describe('the SOURCE rule', () => {
    it('keeps a SOURCE copy whose package is not archived: no deletion status, no deleted_at, no delete', async () => {
      const { file, name } = await packageWithFile('transferring');
      const copy = await fileCopy(file, fx.source);
      const notArchived = new RegExp(
        `physical copy ${copy} at a SOURCE location cannot be deleted: its raw data package ${name} is transferring, not archived`,
      );
      for (const status of ['deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted']) {
        await assert.rejects(setStatus(copy, status), guard(SOURCE, notArchived));
      }
      await assert.rejects(db.query(`delete from physical_copy where id = $1`, [copy]), guard(SOURCE, notArchived));
      const [row] = await db.query(`select status, deleted_at from physical_copy where id = $1`, [copy]);
      assert.deepEqual(row, { status: 'present', deleted_at: null });
    });

    it('keeps it while the archived package has no present, verified copy in a long-term archive', async () => {
      const { pkg, file, name } = await packageWithFile('archived');
      const copy = await fileCopy(file, fx.source);
      const noLta = new RegExp(
        `its raw data package ${name} has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions`,
      );
      await assert.rejects(setStatus(copy, 'deletion_scheduled'), guard(SOURCE, noLta));
      const lta = await packageCopy(pkg, fx.lta);
      await assert.rejects(setStatus(copy, 'deletion_scheduled'), guard(SOURCE, noLta), 'LTA copy not verified');
      await db.query(`update physical_copy set verified_at = now() where id = $1`, [lta]);
      await db.query(`update physical_copy set status = 'deletion_failed' where id = $1`, [lta]);
      await assert.rejects(setStatus(copy, 'deletion_scheduled'), guard(SOURCE, noLta), 'LTA copy not present');
      await db.query(`update physical_copy set status = 'present' where id = $1`, [lta]);
      const buffer = await packageCopy(pkg, fx.buffer, 'now()');
      assert.ok(buffer, 'a verified copy at a buffer is no archive');
      await setStatus(copy, 'deletion_scheduled');
    });

    it('keeps it when the package was verified but no checksum was ever recorded to verify against', async () => {
      const { pkg, file } = await packageWithFile('archived', null);
      const copy = await fileCopy(file, fx.source);
      const lta = await packageCopy(pkg, fx.lta, 'now()');
      await assert.rejects(
        setStatus(copy, 'deletion_scheduled'),
        guard(SOURCE, /no present copy in an active long-term archive/),
      );
      await db.query(`update physical_copy set checksum = 'abc', checksum_algorithm = 'md5' where id = $1`, [lta]);
      await setStatus(copy, 'deletion_scheduled');
    });

    it('lets a SOURCE copy of an archived package verified in an LTA go all the way to deleted, and its row go', async () => {
      const { pkg, file } = await packageWithFile('archived');
      await packageCopy(pkg, fx.lta, 'now()');
      const fileAtSource = await fileCopy(file, fx.source);
      for (const status of [
        'deletion_scheduled',
        'deletion_in_progress',
        'deletion_failed',
        'deletion_scheduled',
        'deleted',
      ]) {
        await setStatus(fileAtSource, status);
      }
      const pkgAtSource = await packageCopy(pkg, fx.source);
      await db.query(`delete from physical_copy where id = $1`, [pkgAtSource]);
      await db.query(`delete from physical_copy where id = $1`, [fileAtSource]);
      assert.deepEqual(
        await db.query(`select id from physical_copy where id = any($1::bigint[])`, [[fileAtSource, pkgAtSource]]),
        [],
      );
    });

    it('keeps the open finding that keeps it: not deleted by row, with its audit run, or by TRUNCATE', async () => {
      const KEPT = 'audit_finding_kept_while_open';
      const { pkg, file } = await packageWithFile('archived');
      const lta = await packageCopy(pkg, fx.lta, 'now()');
      const copy = await fileCopy(file, fx.source);
      const run = (
        await one(`insert into audit_run (data_location_id, mode) values ($1, 'checksum') returning id`, [fx.lta])
      ).id;
      const finding = (
        await one(
          `insert into audit_finding (run_id, data_location_id, kind, physical_copy_id, relative_path)
           values ($1, $2, 'checksum_mismatch', $3, 'pkg.tar') returning id`,
          [run, fx.lta, lta],
        )
      ).id;
      await assert.rejects(setStatus(copy, 'deletion_scheduled'), guard(SOURCE, /no open audit finding questions/));
      for (const sql of [
        `delete from audit_finding where id = ${finding}`,
        `delete from audit_run where id = ${run}`, // an old run pruned: its findings go with it
        'truncate audit_finding',
        'truncate audit_run cascade',
      ]) {
        await assert.rejects(db.query(sql), guard(KEPT, new RegExp(`on physical copy ${lta} is open`)), sql);
      }
      await assert.rejects(setStatus(copy, 'deletion_scheduled'), guard(SOURCE, /no open audit finding questions/));
      // resolved (a later audit found the copy fine), it and its run may go
      await db.query(`update audit_finding set resolved_at = now(), resolution = 'passed' where id = $1`, [finding]);
      await db.query(`delete from audit_run where id = $1`, [run]);
      await setStatus(copy, 'deletion_scheduled');
    });

    it('keeps a SOURCE file copy that belongs to no package, and a bundle until every package in it is safe', async () => {
      const loose = (
        await one(
          `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
           values ($1, $2, 'loose.dat', 1, 'x', 'md5') returning id`,
          [fx.executed, fx.module],
        )
      ).id;
      await assert.rejects(
        setStatus(await fileCopy(loose, fx.source), 'deletion_scheduled'),
        guard(SOURCE, /belongs to no raw data package/),
      );

      const bundle = (
        await one(`insert into data_transfer_package (name, relative_path) values ('b1', 'b1.tar') returning id`)
      ).id;
      const a = await packageWithFile('archived');
      const b = await packageWithFile('archived');
      await db.query(`update raw_data_package set data_transfer_package_id = $1 where id = any($2::uuid[])`, [
        bundle,
        [a.pkg, b.pkg],
      ]);
      await packageCopy(a.pkg, fx.lta, 'now()');
      const copy = (
        await one(
          `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id) values ('data_transfer_package', $1, $2) returning id`,
          [bundle, fx.source],
        )
      ).id;
      await assert.rejects(
        setStatus(copy, 'deleted'),
        guard(SOURCE, new RegExp(`package ${b.name} has no present copy`)),
      );
      await packageCopy(b.pkg, fx.lta, 'now()');
      await setStatus(copy, 'deleted');
    });

    it('does not hold copies elsewhere: a BUFFER copy of a package not archived can be deleted', async () => {
      const { file } = await packageWithFile('waiting');
      const copy = await fileCopy(file, fx.buffer);
      await setStatus(copy, 'deletion_scheduled');
      await setStatus(copy, 'deleted');
    });
  });

  describe('the staging rule', () => {
    it('keeps a copy an active staging job brings to its location, and lets it go once the job is finished', async () => {
      const { pkg, file } = await packageWithFile('archived');
      const copy = await fileCopy(file, fx.proc);
      const job = (
        await one<{ id: number }>(
          `insert into staging_job (destination_location_id, requested_by) values ($1, 'alice') returning id`,
          [fx.proc],
        )
      ).id;
      const staging = (
        await one<{ id: number }>(
          `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status, started_at)
           values ($1, $2, $3, 'in_progress', now()) returning id`,
          [job, pkg, fx.proc],
        )
      ).id;
      const needed = new RegExp(`physical copy ${copy} is needed by an active staging job`);
      await assert.rejects(setStatus(copy, 'deletion_scheduled'), guard(STAGING, needed));
      await assert.rejects(db.query(`delete from physical_copy where id = $1`, [copy]), guard(STAGING, needed));
      await db.query(
        `update staging_job_package set status = 'completed', finished_at = now(), started_at = now() where id = $1`,
        [staging],
      );
      await setStatus(copy, 'deleted');
    });
  });

  describe('a copy’s verification follows its checksum (physical_copy_verification_follows_its_checksum)', () => {
    const verified = async (copy: string) =>
      (await one<{ v: boolean }>(`select verified_at is not null as v from physical_copy where id = $1`, [copy])).v;
    const noLta = /no present copy in an active long-term archive/;

    it('a package checksum changed after its archive copy was verified voids that verification, for every writer', async () => {
      const { pkg, file } = await packageWithFile('archived');
      const lta = await packageCopy(pkg, fx.lta, 'now()');
      const atSource = await fileCopy(file, fx.source);
      await db.query(`update raw_data_package set checksum = 'other' where id = $1`, [pkg]);
      assert.equal(await verified(lta), false);
      await assert.rejects(setStatus(atSource, 'deletion_scheduled'), guard(SOURCE, noLta));
      // Verified again (an audit against the new checksum): the SOURCE copy may go.
      await db.query(`update physical_copy set verified_at = now() where id = $1`, [lta]);
      await setStatus(atSource, 'deletion_scheduled');
    });

    it('so does a checksum of its own that differs from the one it was verified against, unless the same write verifies it', async () => {
      const { pkg, file } = await packageWithFile('archived');
      const lta = await packageCopy(pkg, fx.lta, 'now()');
      const atSource = await fileCopy(file, fx.source);
      await db.query(`update physical_copy set checksum = 'abc', checksum_algorithm = 'md5' where id = $1`, [lta]);
      assert.equal(await verified(lta), true, 'the same checksum, now recorded on the copy too');
      await db.query(`update physical_copy set checksum = 'zz', checksum_algorithm = 'sha256' where id = $1`, [lta]);
      assert.equal(await verified(lta), false);
      await assert.rejects(setStatus(atSource, 'deletion_scheduled'), guard(SOURCE, noLta));
      await db.query(`update physical_copy set checksum = 'yy', verified_at = now() where id = $1`, [lta]);
      assert.equal(await verified(lta), true, 'verified in the same write');
      await setStatus(atSource, 'deletion_scheduled');
    });

    it('an archive copy marked deleted and then present again is no longer verified', async () => {
      const { pkg, file } = await packageWithFile('archived');
      const lta = await packageCopy(pkg, fx.lta, 'now()');
      const atSource = await fileCopy(file, fx.source);
      await setStatus(lta, 'deleted');
      await setStatus(lta, 'present');
      assert.equal(await verified(lta), false);
      await assert.rejects(setStatus(atSource, 'deletion_scheduled'), guard(SOURCE, noLta));
    });

    it('a file’s checksum changed voids the verification of its copies without one of their own, not of those with one', async () => {
      const { file } = await packageWithFile();
      const plain = await fileCopy(file, fx.buffer);
      const own = await fileCopy(file, fx.proc);
      await db.query(`update physical_copy set verified_at = now() where id = any($1::bigint[])`, [[plain, own]]);
      await db.query(`update physical_copy set checksum = 'f', checksum_algorithm = 'md5' where id = $1`, [own]);
      await db.query(`update raw_data_file set checksum = 'g' where id = $1`, [file]);
      assert.deepEqual([await verified(plain), await verified(own)], [false, true]);
      // Status changes and audits' verifications are untouched by it.
      await db.query(`update physical_copy set verified_at = now() where id = $1`, [plain]);
      await setStatus(plain, 'deletion_scheduled');
      assert.equal(await verified(plain), true);
    });
  });

  describe('the deletion guard', () => {
    it('is two functions with a pinned search_path, run once per statement on the rows it changed', async () => {
      const fns = await db.query<{ proname: string; proconfig: string[] }>(
        `select proname, proconfig from pg_proc where proname like 'physical_copy_deletion%' order by proname`,
      );
      assert.deepEqual(fns, [
        { proname: 'physical_copy_deletion_blockers', proconfig: ['search_path=pg_catalog, public'] },
        { proname: 'physical_copy_deletion_guard_fn', proconfig: ['search_path=pg_catalog, public', 'work_mem=64MB'] },
      ]);
      const triggers = await db.query<{ tgname: string; def: string }>(
        `select tgname, pg_get_triggerdef(oid) as def from pg_trigger
          where tgrelid = 'physical_copy'::regclass and not tgisinternal order by tgname`,
      );
      assert.deepEqual(
        triggers.map((t) => t.tgname),
        [
          'deletion_guard',
          'deletion_guard_on_delete',
          'deletion_guard_on_truncate', // before truncate: no rows to judge, so refused while any copy is guarded
          'file_package_from_file',
          'physical_copy_item_and_location_fixed', // row-level, only when the item or location is written
          'physical_copy_verification_follows_its_checksum', // row-level, only on a verified copy's checksum change or undelete
          'raw_data_package_sealed_for_good_by_copy', // row-level, package copies only: seals the package
          'updated_at_on_update',
        ],
      );
      assert.match(
        triggers[0].def,
        /AFTER UPDATE ON public\.physical_copy REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT/,
      );
      assert.match(
        triggers[1].def,
        /AFTER DELETE ON public\.physical_copy REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT/,
      );
    });

    it('refuses a bulk update as a whole when one copy among many is kept, and changes nothing', async () => {
      const archived = await packageWithFile('archived');
      await packageCopy(archived.pkg, fx.lta, 'now()');
      const free = await fileCopy(archived.file, fx.source);
      const waiting = await packageWithFile('waiting');
      const kept = await fileCopy(waiting.file, fx.source);
      await assert.rejects(
        db.query(`update physical_copy set status = 'deletion_scheduled' where id in ($1, $2)`, [free, kept]),
        guard(SOURCE, new RegExp(`physical copy ${kept} at a SOURCE location cannot be deleted`)),
      );
      const rows = await db.query<{ status: string }>(`select status from physical_copy where id in ($1, $2)`, [
        free,
        kept,
      ]);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['present', 'present'],
      );
      await setStatus(free, 'deletion_scheduled');
    });

    it('lets other updates of a kept copy through (only a move towards deletion is checked)', async () => {
      const { file } = await packageWithFile('waiting');
      const copy = await fileCopy(file, fx.source);
      await db.query(`update physical_copy set verified_at = now() where id = $1`, [copy]);
      await db.query(`update physical_copy set status = 'staged' where id = $1`, [copy]);
      await assert.rejects(setStatus(copy, 'deleted'), guard(SOURCE, /not archived/));
    });

    it('keeps a copy on its item and at its location, so nothing passes for a copy of what it is not', async () => {
      const FIXED = 'physical_copy_item_and_location_fixed';
      const archived = await packageWithFile('archived');
      const inactive = (
        await one<{ id: number }>(
          `insert into data_location (site_id, name, location_type, storage_type, root_path, active)
           select site_id, $1, 'long_term_archive', 'disk', '/old', false from data_location where id = $2 returning id`,
          [uniq('old_lta'), fx.lta],
        )
      ).id;
      const stale = await packageCopy(archived.pkg, inactive, 'now()');
      const archivedSource = await fileCopy(archived.file, fx.source);
      const loose = await packageWithFile('waiting');
      await db.query(`update raw_data_file set raw_data_package_id = null where id = $1`, [loose.file]);
      const unarchived = await fileCopy(loose.file, fx.source);
      const attempts: [string, unknown[]][] = [
        // the unarchived file's SOURCE copy pointed at the archived package, or at its (deleted) file's copy
        [
          `update physical_copy set copy_type = 'raw_data_package', raw_data_file_id = null, raw_data_package_id = $2 where id = $1`,
          [unarchived, archived.pkg],
        ],
        [`update physical_copy set raw_data_file_id = $2 where id = $1`, [unarchived, archived.file]],
        // moved off SOURCE, where the guard does not look
        [`update physical_copy set data_location_id = $2 where id = $1`, [unarchived, fx.buffer]],
        // an archive copy moved from an archive out of service into an active one
        [`update physical_copy set data_location_id = $2 where id = $1`, [stale, fx.lta]],
      ];
      for (const [sql, params] of attempts) {
        await assert.rejects(db.query(sql, params), guard(FIXED, /keeps its item and its location/), sql);
      }
      await assert.rejects(setStatus(archivedSource, 'deletion_scheduled'), guard(SOURCE, /no present copy/));
      await assert.rejects(
        setStatus(unarchived, 'deletion_scheduled'),
        guard(SOURCE, /belongs to no raw data package/),
      );
      // writing the same values, and every other column, stays allowed
      await db.query(
        `update physical_copy set data_location_id = data_location_id, verified_at = now() where id = $1`,
        [stale],
      );
    });

    it('refuses TRUNCATE, which skips row rules, while a copy is at SOURCE or a file is in a sealed package', async () => {
      const { file } = await packageWithFile('archived');
      await fileCopy(file, fx.source);
      const count = async () => (await one<{ n: string }>(`select count(*)::text as n from physical_copy`)).n;
      const before = await count();
      await assert.rejects(
        db.query('truncate physical_copy cascade'),
        guard(SOURCE, /cannot be truncated: it holds live copies \(such as \d+\) at a SOURCE location/),
      );
      // a cascade runs the truncated tables' triggers too (raw_data_file's refuses first here)
      await assert.rejects(db.query('truncate raw_data_package cascade'), { code: '23001' });
      assert.equal(await count(), before);
      // With no copy left at SOURCE (in a transaction rolled back), the file rows of sealed packages still stay.
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      try {
        await other.query('begin');
        await other.query(`alter table physical_copy disable trigger deletion_guard_on_delete`);
        await other.query(
          `delete from physical_copy where data_location_id in (select id from data_location where location_type = 'source')`,
        );
        await other.query(`alter table physical_copy enable trigger deletion_guard_on_delete`);
        await assert.rejects(
          other.query('truncate raw_data_file cascade'),
          guard(PACKAGE_FILES, /raw_data_file cannot be truncated: raw data package \S+ is sealed/),
        );
      } finally {
        await other.query('rollback');
        await other.end();
      }
      assert.equal(await count(), before);
    });

    it('judges a statement by its outcome: removing the LTA copy and the SOURCE copy at once is refused', async () => {
      const { pkg, file, name } = await packageWithFile('archived');
      const lta = await packageCopy(pkg, fx.lta, 'now()');
      const source = await fileCopy(file, fx.source);
      await assert.rejects(
        db.query(`update physical_copy set status = 'deleted', deleted_at = now() where id in ($1, $2)`, [lta, source]),
        guard(SOURCE, new RegExp(`its raw data package ${name} has no present copy in an active long-term archive`)),
      );
    });

    it('names, for any copies, the rule that keeps each one (physical_copy_deletion_blockers)', async () => {
      const archived = await packageWithFile('archived');
      await packageCopy(archived.pkg, fx.lta, 'now()');
      const free = await fileCopy(archived.file, fx.source);
      const atBuffer = await fileCopy(archived.file, fx.buffer);
      const waiting = await packageWithFile('waiting');
      const kept = await fileCopy(waiting.file, fx.source);
      const rows = await db.query<{ copy_id: string; rule: string; detail: string; hint: string }>(
        `select * from physical_copy_deletion_blockers(array(select c from physical_copy c where id in ($1, $2, $3)))`,
        [free, atBuffer, kept],
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0].copy_id, kept);
      assert.equal(rows[0].rule, SOURCE);
      assert.match(rows[0].detail, new RegExp(`its raw data package ${waiting.name} is waiting, not archived`));
      assert.ok(rows[0].hint);
    });
  });

  describe('the catalogue', () => {
    it('describes every rule on physical_copy, named as PostgreSQL reports it', () => {
      assert.deepEqual(
        COPY_RULES.map((r) => r.name),
        [
          'physical_copy_deleted_iff_deleted_at',
          'physical_copy_deletion_possible_only_for_files',
          'physical_copy_raw_data_file_live_unique',
          'physical_copy_raw_data_package_live_unique',
          'physical_copy_data_transfer_package_live_unique',
          STAGING,
          SOURCE,
        ],
      );
    });

    it('finds nothing and has nothing to validate on this clean, migrated database', async () => {
      for (const rule of COPY_RULES) {
        assert.deepEqual(await db.query(rule.violations), [], rule.name);
        if (rule.validate) assert.deepEqual(await db.query(rule.validate.pending), [{ pending: false }], rule.name);
      }
    });
  });
});
