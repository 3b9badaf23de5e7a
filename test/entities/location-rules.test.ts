import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCATION_RULES } from '../../src/db/data-rules/location-rules.js';
import { DATA_RULES } from '../../src/db/data-rules/index.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { useTestDatabase } from '../helpers/test-database.js';

const MIGRATION = 'Migration20261202012509_location_usage';
const RULE = 'data_location_capacity_not_negative';

/**
 * A location's capacity is not negative, as PostgreSQL enforces it for every writer (plain SQL over
 * the test's own connection), and as `db check --data` describes it.
 */
describe('location rules in the database', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const rule = LOCATION_RULES.find((r) => r.name === RULE)!;
  const setCapacity = (value: string) =>
    db.query(
      `update data_location set capacity_bytes = ${value}
        where name = 'buffer' and site_id = (select id from site where short_name = 'ccat')`,
    );
  const pending = async () => (await db.query<{ pending: boolean }>(rule.validate!.pending))[0].pending;

  before(async () => {
    // Locations written by someone else before this migration, then the migration. The seed writes
    // through today's entities, so it runs on today's schema, which is then taken back.
    const names = readdirSync(join(import.meta.dirname, '..', '..', 'migrations'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const orm = await db.orm();
    await seedDatabase((await db.em()) as never);
    await orm.migrator.down({ to: names[names.indexOf(MIGRATION) - 1] });
    await orm.migrator.up();
  });

  it('is in the catalogue db check --data reads', () => {
    assert.ok(DATA_RULES.includes(rule));
  });

  it('the migration applies over existing locations and ends validated, with no capacity recorded', async () => {
    assert.equal(await pending(), false);
    const rows = await db.query<{ n: string }>(
      `select count(*) as n from data_location where capacity_bytes is not null`,
    );
    assert.equal(rows[0].n, '0');
  });

  it('refuses a negative capacity from any writer; zero, a size and none pass', async () => {
    await assert.rejects(setCapacity('-1'), { code: '23514', constraint: RULE });
    for (const ok of ['0', '40000000000000', 'null']) await setCapacity(ok);
  });

  it('lists an old row that breaks it by SITE/NAME, and validates once it is repaired', async () => {
    // As on a database where another writer wrote the row before the rule existed.
    await db.query(`alter table data_location drop constraint ${RULE}`);
    await setCapacity('-5');
    await db.query(`alter table data_location add constraint ${RULE} check (capacity_bytes >= 0) not valid`);
    assert.deepEqual(await db.query(rule.violations), [{ key: 'ccat/buffer', detail: 'capacity_bytes -5' }]);
    assert.equal(await pending(), true);

    await setCapacity('null');
    assert.deepEqual(await db.query(rule.violations), []);
    for (const statement of rule.validate!.apply) await db.query(statement);
    assert.equal(await pending(), false);
  });

  it('lists locations added before the roots rule whose root is / or shares or nests in another on one host', async () => {
    const rootRule = LOCATION_RULES.find((r) => r.name === 'data_location_root_not_the_file_system_root')!;
    const apartRule = LOCATION_RULES.find((r) => r.name === 'data_location_roots_apart_on_a_host')!;
    assert.ok(DATA_RULES.includes(rootRule) && DATA_RULES.includes(apartRule));
    assert.deepEqual(await db.query(rootRule.violations), []);
    assert.deepEqual(await db.query(apartRule.violations), []);
    // As another writer before the rule: the trigger off while the rows go in.
    await db.query('alter table data_location disable trigger data_location_roots_apart_on_a_host');
    await db.query(
      `insert into data_location (site_id, name, location_type, storage_type, host, root_path)
       select id, v.name, 'buffer', 'disk', 'h1', v.root from site, (values ('r-slash', '/'), ('r-outer', '/d'), ('r-inner', '/d/e/')) v(name, root)
        where short_name = 'ccat'`,
    );
    await db.query('alter table data_location enable trigger data_location_roots_apart_on_a_host');
    assert.deepEqual(await db.query(rootRule.violations), [{ key: 'ccat/r-slash', detail: 'root_path /' }]);
    assert.deepEqual(
      (await db.query<{ key: string; detail: string }>(apartRule.violations)).map((r) => r.key + ': ' + r.detail),
      [
        'ccat/r-outer: root /d and ccat/r-inner (root /d/e/) on host h1',
        'ccat/r-slash: root / and ccat/r-inner (root /d/e/) on host h1',
        'ccat/r-slash: root / and ccat/r-outer (root /d) on host h1',
      ],
    );
    await db.query(`delete from data_location where name like 'r-%'`);
  });
});
