import assert from 'node:assert/strict';
import pg from 'pg';
import { checkData, validateRules } from '../../src/db/data-check.js';
import { USER_RULES } from '../../src/db/data-rules/user-rules.js';
import { schemaDrift } from '../../src/services/migrations.js';
import { useTestDatabase } from '../helpers/test-database.js';

const BEFORE = 'Migration20261207192600_location_roots_apart';
const MIGRATION = 'Migration20261207231000_github_login_any_case';

/**
 * GitHub logins are case-insensitive, so `Alice` and `alice` are one GitHub user: PostgreSQL keeps
 * a login (in any case) on one user. On a database where users already share one, the migration
 * still applies and the rule waits for `db check --data --validate`.
 */
describe('user_github_login_unique_any_case', function () {
  this.timeout(120_000);
  let client: pg.Client;
  after(() => client?.end());
  const db = useTestDatabase();
  const [rule] = USER_RULES;
  const unique = async () =>
    (
      await db.query<{ unique: boolean }>(
        `select indisunique as unique from pg_index where indexrelid = to_regclass('user_github_login_unique_any_case')`,
      )
    )[0]?.unique;

  before(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  it('refuses a login another user has in another case', async () => {
    await db.query(`insert into "user" (username, github_login) values ('alice', 'Alice-GH')`);
    await assert.rejects(db.query(`insert into "user" (username, github_login) values ('mallory', 'alice-gh')`), {
      code: '23505',
      constraint: 'user_github_login_unique_any_case',
    });
    assert.equal(await unique(), true);
    await db.query(`delete from "user"`);
  });

  it('on users that already share a login the migration applies, the rule waits, and validates once they are fixed', async () => {
    const orm = await db.orm();
    await orm.migrator.down({ to: BEFORE });
    await db.query(
      `insert into "user" (username, github_login) values ('bob', 'bob-gh'), ('robert', 'Bob-GH'), ('carol', 'carol')`,
    );
    const applied = (await orm.migrator.up()).map((m) => m.name);
    assert.ok(applied.includes(MIGRATION), applied.join(', '));
    assert.equal(await unique(), false);
    assert.deepEqual(await schemaDrift(orm), [], 'a rule that waits is not schema drift');
    const [report] = await checkData(client, 10, USER_RULES);
    assert.deepEqual(
      report.rows.map((r) => [r.key, r.problem]),
      [['users bob, robert', 'GitHub login bob-gh (in any case) on 2 users']],
    );
    assert.equal(report.oldRowsChecked, false);
    assert.deepEqual(await validateRules(client, USER_RULES), [{ rule: rule.name, outcome: 'broken', violations: 1 }]);
    await db.query(`update "user" set github_login = 'robert-gh' where username = 'robert'`);
    assert.deepEqual(await validateRules(client, USER_RULES), [
      { rule: rule.name, outcome: 'validated', violations: 0 },
    ]);
    assert.equal(await unique(), true);
    assert.equal((await checkData(client, 10, USER_RULES))[0].oldRowsChecked, true);
    await assert.rejects(db.query(`update "user" set github_login = 'BOB-gh' where username = 'carol'`), {
      constraint: 'user_github_login_unique_any_case',
    });
  });
});
