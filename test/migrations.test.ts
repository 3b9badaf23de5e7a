import assert from 'node:assert/strict';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../src/db/orm-config.js';
import { entities, routines } from '../entities/index.js';
import { schemaDrift } from '../src/services/migrations.js';
import { useTestDatabase } from './helpers/test-database.js';

describe('migrations', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  let orm: MikroORM;

  before(async () => {
    orm = await MikroORM.init(ormOptions({ clientUrl: db.url }));
  });
  after(() => orm?.close(true));

  const tables = async () =>
    (
      await db.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      )
    ).map((r) => r.table_name);

  it('apply to an empty database and leave exactly the schema the entities describe', async () => {
    const applied = await orm.migrator.up();
    assert.ok(applied.length >= 1);
    assert.deepEqual(await schemaDrift(orm), [], 'entities and migrations have drifted apart: generate a migration');
    const names = await tables();
    for (const t of [
      'observatory',
      'telescope',
      'instrument',
      'instrument_module',
      'raw_data_file',
      'physical_copy',
      'data_transfer',
      'audit_finding',
    ]) {
      assert.ok(names.includes(t), `table ${t} exists`);
    }
  });

  it('leave every trigger function and routine with the body its entity defines', async () => {
    // MikroORM's schema diff compares triggers by name only, so a migration that forgot a trigger
    // or an entity whose trigger body changed without a migration would pass the check above.
    const expected = new Map<string, string>();
    // The migration generator flattens line breaks; what counts is the code, not its layout.
    const squash = (body: string) => body.replace(/\s+/g, ' ').trim();
    const defs = [
      ...entities.flatMap((e) => (e.meta.triggers ?? []).map((t) => t.expression ?? '')),
      ...routines.map((r) => r.expression ?? ''),
    ];
    for (const def of defs) {
      for (const m of def.matchAll(/create or replace function "([^"]+)"\([^)]*\)[\s\S]*? as \$\$([\s\S]*?)\$\$;/g)) {
        expected.set(m[1], squash(m[2]));
      }
    }
    for (const fn of [
      'updated_at_on_update_fn',
      'physical_copy_deletion_guard_fn',
      'physical_copy_deletion_blockers',
    ]) {
      assert.ok(expected.has(fn), `read ${fn} from the entities`);
    }
    const actual = await db.query<{ proname: string; prosrc: string }>(
      `select proname, prosrc from pg_proc where proname = any($1)`,
      [[...expected.keys()]],
    );
    assert.deepEqual(
      Object.fromEntries(actual.map((f) => [f.proname, squash(f.prosrc)])),
      Object.fromEntries(expected),
      'a trigger function or routine differs from its entity: write a migration that replaces it',
    );
    const triggers = Object.values(orm.getMetadata().getAll()).flatMap((meta) =>
      (meta.triggers ?? []).map((t: { name: string }) => `${meta.tableName}.${t.name}`),
    );
    const present = await db.query<{ name: string }>(
      `select c.relname || '.' || t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal`,
    );
    assert.deepEqual(
      triggers.filter((t) => !present.some((p) => p.name === t)),
      [],
      'triggers the entities define but the migrations never created',
    );
  });

  it('roll all the way down to nothing and back up to the same schema', async () => {
    const before = await tables();
    await orm.migrator.down({ to: 0 });
    assert.deepEqual(await tables(), ['mikro_orm_migrations']);
    await orm.migrator.up();
    assert.deepEqual(await tables(), before);
    assert.deepEqual(await schemaDrift(orm), []);
  });

  it('enforce one live copy of an item per location, and exactly one item per copy', async () => {
    await db.query(`insert into site (short_name, name) values ('s', 'S')`);
    const [loc] = await db.query<{ id: number }>(
      `insert into data_location (site_id, name, location_type, storage_type, root_path)
       select id, 'buf', 'buffer', 'disk', '/x' from site returning id`,
    );
    const [pkg] = await db.query<{ id: number }>(
      `insert into data_transfer_package (name, relative_path, size_bytes) values ('p1', 'p1.tar', 10) returning id`,
    );
    const copy = `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id) values ('data_transfer_package', $1, $2)`;
    await db.query(copy, [pkg.id, loc.id]);
    await assert.rejects(db.query(copy, [pkg.id, loc.id]), /physical_copy_data_transfer_package_live_unique/);
    await db.query(`update physical_copy set deleted_at = now(), status = 'deleted'`);
    await db.query(copy, [pkg.id, loc.id]);
    await assert.rejects(
      db.query(`insert into physical_copy (copy_type, data_location_id) values ('raw_data_file', $1)`, [loc.id]),
      /physical_copy_item_check/,
    );
    await assert.rejects(
      db.query(
        `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id) values ('raw_data_file', $1, $2)`,
        [pkg.id, loc.id],
      ),
      /physical_copy_item_check/,
    );
  });
});
