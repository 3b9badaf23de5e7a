import assert from 'node:assert/strict';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../src/db/orm-config.js';
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
