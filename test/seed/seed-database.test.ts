import assert from 'node:assert/strict';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-config.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { useTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const NEW_PERMISSIONS = ['configure:system', 'delete:observations'];

const permissionsOf = async (db: TestDatabase, role: string) =>
  (
    await db.query<{ name: string }>(
      `select p.name from role r join role_permission rp on rp.role_id = r.id join permission p on p.id = rp.permission_id
        where r.name = $1 order by 1`,
      [role],
    )
  ).map((p) => p.name);

describe('seed: the new permissions of the roles, the sites’ geographic locations', function () {
  this.timeout(120_000);

  describe('on a new database', () => {
    const db = useTestDatabase();

    it('the admin role has both; the others neither; seeding again adds nothing', async () => {
      const first = await seedDatabase(await db.em());
      assert.ok(first.byKind.roles.created >= 4);
      const admin = await permissionsOf(db, 'admin');
      for (const p of NEW_PERMISSIONS) assert.ok(admin.includes(p), `admin has ${p}`);
      for (const role of ['observer', 'viewer', 'service']) {
        const granted = await permissionsOf(db, role);
        assert.deepEqual(
          granted.filter((p) => NEW_PERMISSIONS.includes(p)),
          [],
          role,
        );
      }
      const before = await db.query(`select count(*) as n from role_permission`);
      const again = await seedDatabase(await db.em());
      assert.equal(again.created, 0);
      assert.deepEqual(await db.query(`select count(*) as n from role_permission`), before);
      assert.deepEqual(await permissionsOf(db, 'admin'), admin);
    });
  });

  describe('default sites', () => {
    const db = useTestDatabase();

    it('are seeded with where they are on Earth (site.location)', async () => {
      await seedDatabase(await db.em());
      assert.deepEqual(await db.query(`select short_name, location from site order by short_name`), [
        { short_name: 'ccat', location: 'Cerro Chajnantor, Atacama, Chile' },
        { short_name: 'cologne', location: 'Cologne, Germany' },
        { short_name: 'ramses', location: 'Cologne, Germany' },
        { short_name: 'us', location: 'Ithaca, New York, USA' },
      ]);
    });
  });

  describe('on a database seeded before they existed', () => {
    const db = useTestDatabase({ empty: true });
    let orm: MikroORM;
    before(async () => {
      orm = await MikroORM.init(ormOptions({ clientUrl: db.url }));
    });
    after(() => orm?.close(true));

    it('the migration grants both to the existing admin role once; a later seed leaves roles as they are', async () => {
      await orm.migrator.up({ to: 'Migration20261202012656_executed_lifecycle' });
      // The roles as an older seed left them.
      await db.query(`insert into role (name) values ('admin'), ('viewer')`);
      await db.query(`insert into permission (name) values ('manage:users'), ('read:data')`);
      await db.query(
        `insert into role_permission (role_id, permission_id)
         select r.id, p.id from role r, permission p
          where (r.name, p.name) in (('admin', 'manage:users'), ('viewer', 'read:data'))`,
      );
      await orm.migrator.up();
      assert.deepEqual(await permissionsOf(db, 'admin'), ['configure:system', 'delete:observations', 'manage:users']);
      assert.deepEqual(await permissionsOf(db, 'viewer'), ['read:data']);

      // An operator withdraws one; seeding (db init on an existing database) does not bring it back.
      await db.query(
        `delete from role_permission where permission_id = (select id from permission where name = 'configure:system')`,
      );
      const seeded = await seedDatabase(orm.em.fork());
      assert.equal(seeded.byKind.roles.existing, 2);
      assert.deepEqual(await permissionsOf(db, 'admin'), ['delete:observations', 'manage:users']);
      assert.equal((await seedDatabase(orm.em.fork())).created, 0);
    });
  });
});
