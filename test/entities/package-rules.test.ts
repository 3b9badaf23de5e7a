import assert from 'node:assert/strict';
import pg from 'pg';
import { FILE_IN_PACKAGE_OF_ITS_PAIR, PACKAGE_PAIR_KEPT } from '../../entities/package-files-trigger.js';
import { checkData } from '../../src/db/data-check.js';
import { PACKAGE_RULES } from '../../src/db/data-rules/package-rules.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { auditPlace, EXECUTED } from '../helpers/audit-fixture.js';
import { execution } from '../helpers/package-fixture.js';
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

  before(async () => {
    await seedDatabase((await db.em()) as never);
    await auditPlace(db, 'rules'); // the obs unit and EXECUTED
    await execution(db, OTHER);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
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
    await sql.query(`update raw_data_package set state = 'transferring' where name = 'P-LFA'`); // anything else may change
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
});
