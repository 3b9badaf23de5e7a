import assert from 'node:assert/strict';
import pg from 'pg';
import { FILE_IN_PACKAGE_OF_ITS_PAIR, PACKAGE_PAIR_KEPT } from '../../entities/package-files-trigger.js';
import { PACKAGE_FILES_FIXED_ONCE_SEALED, PACKAGE_SEALED_FOR_GOOD } from '../../entities/package-sealed-trigger.js';
import { checkData } from '../../src/db/data-check.js';
import { PACKAGE_RULES } from '../../src/db/data-rules/package-rules.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { auditPlace, EXECUTED } from '../helpers/audit-fixture.js';
import { execution } from '../helpers/package-fixture.js';
import { race as raceWriters } from '../helpers/race.js';
import { useTestDatabase } from '../helpers/test-database.js';

const OTHER = '00000000-0000-4000-8000-0000000000b2';

/**
 * DESIGN §5.3 as PostgreSQL enforces it for every writer: a package holds the files of its own
 * execution and module. Written with plain SQL through a connection of its own, as another service would.
 */
describe('package rules: a package holds the files of its own execution and module', function () {
  this.timeout(120_000);
  let sql: pg.Client;
  // Registered before the database's own `after`, which drops it.
  after(() => sql?.end());
  const db = useTestDatabase();
  const module = (key: string) =>
    `(select m.id from instrument_module m join instrument i on i.id = m.instrument_id where i.name || '/' || m.name = '${key}')`;
  const file = (path: string, executed: string, moduleKey: string, pkg: string | null) =>
    sql.query(
      `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes, checksum, checksum_algorithm)
       values ($1, ${module(moduleKey)}, (select id from raw_data_package where name = $2), $3, 1, 'c', 'sha256') returning id::text`,
      [executed, pkg, path],
    );
  const refused = (constraint: string) => (err: { constraint?: string; message: string }) => {
    assert.equal(err.constraint, constraint, err.message);
    return true;
  };

  let place: number;
  /** A BUFFER location: a copy there means the package's tar has moved on from SOURCE. */
  let buffer: number;

  before(async () => {
    await seedDatabase((await db.em()) as never);
    place = (await auditPlace(db, 'rules')).id; // the obs unit and EXECUTED
    await execution(db, OTHER);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    buffer = (await sql.query(`select id from data_location where location_type = 'buffer' order by id limit 1`))
      .rows[0].id;
    await sql.query(
      `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
       values ('P-LFA', $1, ${module('CHAI/LFA')}, 'p.tar')`,
      [EXECUTED],
    );
  });

  it('takes a file of the package’s execution and module', async () => {
    await file('a.fits', EXECUTED, 'CHAI/LFA', 'P-LFA');
    await file('loose.fits', OTHER, 'CHAI/LFA', null);
  });

  it('refuses a file of another execution or module, inserted or moved in', async () => {
    await assert.rejects(file('b.fits', OTHER, 'CHAI/LFA', 'P-LFA'), refused(FILE_IN_PACKAGE_OF_ITS_PAIR));
    await assert.rejects(file('c.fits', EXECUTED, 'CHAI/HFA', 'P-LFA'), refused(FILE_IN_PACKAGE_OF_ITS_PAIR));
    await assert.rejects(
      sql.query(
        `update raw_data_file set raw_data_package_id = (select id from raw_data_package where name = 'P-LFA') where relative_path = 'loose.fits'`,
      ),
      refused(FILE_IN_PACKAGE_OF_ITS_PAIR),
    );
    await assert.rejects(
      sql.query(`update raw_data_file set executed_obs_unit_id = $1 where relative_path = 'a.fits'`, [OTHER]),
      refused(FILE_IN_PACKAGE_OF_ITS_PAIR),
    );
  });

  it('keeps a package’s execution and module while it holds files', async () => {
    await assert.rejects(
      sql.query(`update raw_data_package set instrument_module_id = ${module('CHAI/HFA')} where name = 'P-LFA'`),
      refused(PACKAGE_PAIR_KEPT),
    );
    await sql.query(`update raw_data_package set relative_path = 'p-lfa.tar' where name = 'P-LFA'`); // anything else may change
  });

  it('lists files packed otherwise before the rule (db check --data)', async () => {
    await sql.query(`alter table raw_data_file disable trigger ${FILE_IN_PACKAGE_OF_ITS_PAIR}`);
    await file('old.fits', OTHER, 'CHAI/LFA', 'P-LFA');
    await sql.query(`alter table raw_data_file enable trigger ${FILE_IN_PACKAGE_OF_ITS_PAIR}`);
    const [report] = await checkData(sql, 10, PACKAGE_RULES);
    assert.equal(report.violations, 1);
    assert.match(report.rows[0].key, /^old\.fits \(/);
    assert.equal(report.rows[0].problem, 'in package P-LFA of another execution or module');
    assert.equal(report.oldRowsChecked, null);
  });

  describe('a sealed package keeps its files: none joins it, none leaves it', () => {
    /** A package of OTHER's CHAI/LFA with one file, sealed by `seal` (SQL run with $1 = the package id). */
    const sealed = async (name: string, seal: string) => {
      const [{ id }] = (
        await sql.query<{ id: string }>(
          `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
           values ($1::text, $2, ${module('CHAI/LFA')}, $1::text || '.tar') returning id::text`,
          [name, OTHER],
        )
      ).rows;
      await file(`${name}/in.fits`, OTHER, 'CHAI/LFA', name);
      await sql.query(seal, [id]);
      return id;
    };
    const joinRefused =
      (name: string, why: string) => (err: { code?: string; constraint?: string; message: string }) => {
        assert.deepEqual(
          { code: err.code, constraint: err.constraint },
          { code: '23001', constraint: PACKAGE_FILES_FIXED_ONCE_SEALED },
          err.message,
        );
        assert.match(
          err.message,
          new RegExp(
            `^raw data package ${name} is sealed \\(${why}\\): raw data file \\S+ \\(\\S+\\) cannot join it, as its tar does not hold the file$`,
          ),
        );
        return true;
      };
    const race = (change: string, write: string) => raceWriters(db.url, change, write);
    const pack = (path: string, name: string | null) =>
      sql.query(
        `update raw_data_file set raw_data_package_id = (select id from raw_data_package where name = $2) where relative_path = $1`,
        [path, name],
      );

    it('refuses a late file of the same execution and module joining an archived package, by update or insert', async () => {
      await sealed(
        'S-archived',
        `update raw_data_package set state = 'archived', archived_at = now(), status = 'completed',
                checksum = 'c', checksum_algorithm = 'sha256' where id = $1`,
      );
      await file('late.fits', OTHER, 'CHAI/LFA', null);
      await assert.rejects(pack('late.fits', 'S-archived'), joinRefused('S-archived', 'archived'));
      await assert.rejects(file('late2.fits', OTHER, 'CHAI/LFA', 'S-archived'), joinRefused('S-archived', 'archived'));
      const [late] = (
        await sql.query(`select raw_data_package_id from raw_data_file where relative_path = 'late.fits'`)
      ).rows;
      assert.equal(late.raw_data_package_id, null);
      assert.equal(
        (await sql.query(`select count(*)::int as n from raw_data_file where relative_path = 'late2.fits'`)).rows[0].n,
        0,
      );
    });

    it('takes anything that shows the tar exists or moved on as sealed', async () => {
      const cases: [string, string, string][] = [
        ['S-state', `update raw_data_package set state = 'transferring' where id = $1`, 'transferring'],
        ['S-status', `update raw_data_package set status = 'in_progress' where id = $1`, 'status in_progress'],
        [
          'S-bundle',
          `update raw_data_package set data_transfer_package_id =
             (select id from data_transfer_package where name = 'bundle-1') where id = $1`,
          'in transfer bundle bundle-1',
        ],
        [
          'S-copy',
          `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, deleted_at)
           values ('raw_data_package', $1, ${buffer}, 'deleted', now())`,
          'it has copies beyond SOURCE',
        ],
        [
          'S-archive-transfer',
          `insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id)
           values ($1, ${place}, (select id from data_location where location_type = 'long_term_archive' limit 1))`,
          'it has archive transfers',
        ],
      ];
      await sql.query(`insert into data_transfer_package (name, relative_path) values ('bundle-1', 'bundle-1.tar')`);
      for (const [name, seal, why] of cases) {
        await sealed(name, seal);
        await file(`${name}.fits`, OTHER, 'CHAI/LFA', null);
        await assert.rejects(pack(`${name}.fits`, name), joinRefused(name, why), name);
      }
    });

    it('lets a packer record the tar it wrote and its files in either order: a checksum or a copy at SOURCE does not seal', async () => {
      const id = await sealed(
        'S-packing',
        `update raw_data_package set checksum = 'c', checksum_algorithm = 'sha256' where id = $1`,
      );
      await sql.query(
        `insert into physical_copy (copy_type, raw_data_package_id, data_location_id)
         select 'raw_data_package', $1, id from data_location where location_type = 'source' limit 1`,
        [id],
      );
      await file('packing.fits', OTHER, 'CHAI/LFA', null);
      await pack('packing.fits', 'S-packing');
      await pack('packing.fits', null);
    });

    it('refuses a file leaving a sealed package, to none or to another; an open one takes and lets go', async () => {
      await sealed('S-leave', `update raw_data_package set state = 'failed' where id = $1`);
      await sql.query(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
         values ('S-open', $1, ${module('CHAI/LFA')}, 'open.tar')`,
        [OTHER],
      );
      for (const to of [null, 'S-open']) {
        await assert.rejects(
          pack('S-leave/in.fits', to),
          (err: { code?: string; constraint?: string; message: string }) => {
            assert.deepEqual([err.code, err.constraint], ['23001', PACKAGE_FILES_FIXED_ONCE_SEALED]);
            assert.match(
              err.message,
              /^raw data package S-leave is sealed \(failed\): raw data file \S+ \(S-leave\/in\.fits\) cannot leave it, as its tar holds the file$/,
            );
            return true;
          },
        );
      }
      await file('free.fits', OTHER, 'CHAI/LFA', null);
      await pack('free.fits', 'S-open');
      await pack('free.fits', null);
      await pack('free.fits', 'S-open');
      await sql.query(`update raw_data_file set size_bytes = 2 where relative_path = 'S-leave/in.fits'`); // the rest may change
    });

    it('refuses deleting the row of a file in a sealed package; an open package’s file, or one in none, may go', async () => {
      await sealed('S-delete', `update raw_data_package set status = 'completed' where id = $1`);
      await assert.rejects(
        sql.query(`delete from raw_data_file where relative_path = 'S-delete/in.fits'`),
        (err: { code?: string; constraint?: string; message: string; hint?: string }) => {
          assert.deepEqual([err.code, err.constraint], ['23001', PACKAGE_FILES_FIXED_ONCE_SEALED]);
          assert.match(
            err.message,
            /^raw data package S-delete is sealed \(status completed\): raw data file \S+ \(S-delete\/in\.fits\) cannot be deleted, as its tar holds the file$/,
          );
          assert.match(err.hint ?? '', /keep the file's row while its package is sealed/);
          return true;
        },
      );
      // One statement deleting several: refused whole.
      await file('S-delete-loose.fits', OTHER, 'CHAI/LFA', null);
      await assert.rejects(
        sql.query(`delete from raw_data_file where relative_path like 'S-delete%'`),
        refused(PACKAGE_FILES_FIXED_ONCE_SEALED),
      );
      const left = await sql.query(
        `select relative_path from raw_data_file where relative_path like 'S-delete%' order by 1`,
      );
      assert.deepEqual(
        left.rows.map((r) => r.relative_path),
        ['S-delete-loose.fits', 'S-delete/in.fits'],
      );
      await sql.query(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
         values ('S-delete-open', $1, ${module('CHAI/LFA')}, 'delete-open.tar')`,
        [OTHER],
      );
      await file('S-delete-open.fits', OTHER, 'CHAI/LFA', 'S-delete-open');
      const gone = await sql.query(
        `delete from raw_data_file where relative_path in ('S-delete-loose.fits', 'S-delete-open.fits')`,
      );
      assert.equal(gone.rowCount, 2);
    });

    it('keeps a package sealed when a writer moves it back, and lets the retry flows move it back', async () => {
      const cases: [string, string, string][] = [
        [
          'U-state',
          `update raw_data_package set state = 'failed' where id = $1`,
          `update raw_data_package set state = 'waiting' where id = $1`,
        ],
        [
          'U-status',
          `update raw_data_package set status = 'failed' where id = $1`,
          `update raw_data_package set status = 'pending', retry_count = retry_count + 1 where id = $1`,
        ],
        [
          'U-bundle',
          `update raw_data_package set data_transfer_package_id =
             (select id from data_transfer_package where name = 'bundle-1') where id = $1`,
          `update raw_data_package set data_transfer_package_id = null where id = $1`,
        ],
        [
          'U-copy',
          `insert into physical_copy (copy_type, raw_data_package_id, data_location_id) values ('raw_data_package', $1, ${buffer})`,
          `delete from physical_copy where raw_data_package_id = $1`,
        ],
        [
          'U-archive-transfer',
          `insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id)
           values ($1, ${place}, (select id from data_location where location_type = 'long_term_archive' limit 1))`,
          `delete from long_term_archive_transfer where raw_data_package_id = $1`,
        ],
      ];
      for (const [name, seal, back] of cases) {
        const id = await sealed(name, seal);
        await sql.query(back, [id]); // moving back is not refused: it is the status machine's business
        const [pkg] = (
          await sql.query(
            `select state, status, data_transfer_package_id, sealed_at from raw_data_package where id = $1`,
            [id],
          )
        ).rows;
        assert.deepEqual(
          [pkg.state, pkg.status, pkg.data_transfer_package_id, pkg.sealed_at instanceof Date],
          ['waiting', 'pending', null, true],
          name,
        );
        await file(`${name}.fits`, OTHER, 'CHAI/LFA', null);
        const why = 'since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z; moved back, it stays sealed';
        await assert.rejects(pack(`${name}.fits`, name), joinRefused(name, why), name);
        await assert.rejects(file(`${name}-2.fits`, OTHER, 'CHAI/LFA', name), joinRefused(name, why), name);
        await assert.rejects(pack(`${name}/in.fits`, null), refused(PACKAGE_FILES_FIXED_ONCE_SEALED), name);
      }
    });

    it('records when a package was sealed, and keeps it: sealed_at is neither cleared nor changed', async () => {
      const id = await sealed('U-kept', `update raw_data_package set state = 'transferring' where id = $1`);
      const at = (await sql.query(`select sealed_at from raw_data_package where id = $1`, [id])).rows[0].sealed_at;
      assert.ok(at instanceof Date);
      for (const to of ['null', `now() - interval '1 day'`]) {
        await assert.rejects(
          sql.query(`update raw_data_package set sealed_at = ${to} where id = $1`, [id]),
          (err: { code?: string; constraint?: string; message: string }) => {
            assert.deepEqual([err.code, err.constraint], ['23001', PACKAGE_SEALED_FOR_GOOD]);
            assert.match(
              err.message,
              /^raw data package U-kept was sealed at \S+Z: it stays sealed, and sealed_at stays as it is$/,
            );
            return true;
          },
        );
      }
      await sql.query(`update raw_data_package set state = 'transferring' where id = $1`, [id]); // sealed again: kept
      const after = (await sql.query(`select sealed_at from raw_data_package where id = $1`, [id])).rows[0].sealed_at;
      assert.equal(after.getTime(), at.getTime());
      // A package being packed has none; one inserted already moved on has it at once.
      const open = await sql.query(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, status)
         values ('U-open', $1, ${module('CHAI/LFA')}, 'u-open.tar', 'pending'),
                ('U-born-sealed', $1, ${module('CHAI/LFA')}, 'u-born.tar', 'scheduled')
         returning name, sealed_at is not null as sealed`,
        [OTHER],
      );
      assert.deepEqual(
        open.rows.map((r) => [r.name, r.sealed]),
        [
          ['U-open', false],
          ['U-born-sealed', true],
        ],
      );
      // A copy at SOURCE does not seal.
      await sql.query(
        `insert into physical_copy (copy_type, raw_data_package_id, data_location_id)
         select 'raw_data_package', p.id, l.id from raw_data_package p, data_location l
          where p.name = 'U-open' and l.location_type = 'source' limit 1`,
      );
      assert.equal(
        (await sql.query(`select sealed_at from raw_data_package where name = 'U-open'`)).rows[0].sealed_at,
        null,
      );
    });

    it('lists a package sealed by a writer that bypassed the triggers, which has no sealed_at (db check --data)', async () => {
      await sql.query(`alter table raw_data_package disable trigger ${PACKAGE_SEALED_FOR_GOOD}`);
      await sealed('U-bypassed', `update raw_data_package set state = 'transferring' where id = $1`);
      await sql.query(`alter table raw_data_package enable trigger ${PACKAGE_SEALED_FOR_GOOD}`);
      const report = (await checkData(sql, 10, PACKAGE_RULES)).find((r) => r.rule === PACKAGE_SEALED_FOR_GOOD);
      assert.deepEqual(
        report?.rows.map((r) => [r.key, r.problem]),
        [['U-bypassed', 'no sealed_at, though it is transferring']],
      );
      await sql.query(`update raw_data_package set sealed_at = now() where name = 'U-bypassed'`); // the fix
      const fixed = (await checkData(sql, 10, PACKAGE_RULES)).find((r) => r.rule === PACKAGE_SEALED_FOR_GOOD);
      assert.equal(fixed?.violations, 0);
    });

    it('lets the files of a deleted package go with it', async () => {
      await sealed('S-gone', `update raw_data_package set state = 'failed' where id = $1`);
      await sql.query(`delete from raw_data_package where name = 'S-gone'`);
      const [f] = (
        await sql.query(`select raw_data_package_id from raw_data_file where relative_path = 'S-gone/in.fits'`)
      ).rows;
      assert.equal(f.raw_data_package_id, null);
    });

    it('a file joining while the package gets its first copy waits for it, and is then refused', async () => {
      await sql.query(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
         values ('S-race', $1, ${module('CHAI/LFA')}, 'race.tar')`,
        [OTHER],
      );
      await file('racer.fits', OTHER, 'CHAI/LFA', null);
      const err = await race(
        `insert into physical_copy (copy_type, raw_data_package_id, data_location_id)
         values ('raw_data_package', (select id from raw_data_package where name = 'S-race'), ${buffer})`,
        `update raw_data_file set raw_data_package_id = (select id from raw_data_package where name = 'S-race')
          where relative_path = 'racer.fits'`,
      );
      assert.deepEqual(
        { code: (err as { code?: string })?.code, constraint: (err as { constraint?: string })?.constraint },
        { code: '23001', constraint: PACKAGE_FILES_FIXED_ONCE_SEALED },
      );
    });
  });
});
