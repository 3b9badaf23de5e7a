import assert from 'node:assert/strict';
import pg from 'pg';
import { checkData, validateRules } from '../../src/db/data-check.js';
import { validateConstraint, type DataRule } from '../../src/db/data-rules/index.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * The mechanics of `db check --data` on a rule of this test's own (a NOT VALID constraint added over
 * a row that breaks it, as a migration does on a database another writer filled), so they are
 * exercised whatever the catalogue holds.
 */
describe('data check: old rows that break a rule, and validating the rule once they are repaired', function () {
  this.timeout(60_000);
  let client: pg.Client;
  // Registered before the database's own `after`, which drops it.
  after(() => client?.end());
  const db = useTestDatabase();
  const rule: DataRule = {
    name: 'site_short_name_is_lower_case',
    table: 'site',
    rule: 'a site short name is lower case',
    fix: 'rename the site',
    violations: `select short_name as key, 'upper case' as detail from site where short_name <> lower(short_name) order by 1`,
    validate: validateConstraint('site', 'site_short_name_is_lower_case'),
  };
  const trigger: DataRule = { ...rule, name: 'site_guard', validate: undefined };

  before(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await db.query(`insert into site (short_name, name) values ('Old1', 'x'), ('Old2', 'y'), ('fine', 'z')`);
    await db.query(
      `alter table site add constraint site_short_name_is_lower_case check (short_name = lower(short_name)) not valid`,
    );
  });

  it('lists every old row breaking the rule (up to the limit, all counted) while new writes are refused', async () => {
    await assert.rejects(
      db.query(`insert into site (short_name, name) values ('New', 'n')`),
      /site_short_name_is_lower_case/,
    );
    const [report, byTrigger] = await checkData(client, 1, [rule, trigger]);
    assert.equal(report.violations, 2);
    assert.deepEqual(report.rows, [
      { table: 'site', key: 'Old1', rule: rule.name, problem: 'upper case', fix: 'rename the site' },
    ]);
    assert.equal(report.oldRowsChecked, false);
    assert.equal(byTrigger.oldRowsChecked, null, 'a trigger has nothing to validate');
  });

  it('does not validate a rule rows still break, and validates it once they are repaired', async () => {
    assert.deepEqual(await validateRules(client, [rule]), [{ rule: rule.name, outcome: 'broken', violations: 2 }]);
    const [{ convalidated }] = await db.query<{ convalidated: boolean }>(
      `select convalidated from pg_constraint where conname = $1`,
      [rule.name],
    );
    assert.equal(convalidated, false);

    await db.query(`update site set short_name = lower(short_name)`);
    assert.deepEqual(await validateRules(client, [rule]), [{ rule: rule.name, outcome: 'validated', violations: 0 }]);
    const [report] = await checkData(client, 100, [rule]);
    assert.equal(report.violations, 0);
    assert.equal(report.oldRowsChecked, true);
    assert.deepEqual(await validateRules(client, [rule]), [], 'nothing left to validate');
  });
});
