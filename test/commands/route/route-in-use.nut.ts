import assert from 'node:assert/strict';
import { loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops route update on a route that has transfers', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const path = async () =>
    (
      await db.query(
        `select r.name, r.method, r.route_type, o.short_name as origin, d.short_name as destination
           from data_transfer_route r join site o on o.id = r.origin_site_id join site d on d.id = r.destination_site_id
          where r.name in ('ccat_to_cologne', 'ccat_to_cologne_2025')`,
      )
    )[0];

  before(async () => {
    await loadOpsFixture(db);
    const used = await db.query(
      `select 1 from data_transfer t join data_transfer_route r on r.id = t.route_id where r.name = 'ccat_to_cologne'`,
    );
    assert.ok(used.length > 0, 'the fixture has transfers on ccat_to_cologne');
  });

  it('refuses a new path (exit 1, what to do instead) and writes nothing', async () => {
    for (const change of [
      ['--to', 'us'],
      ['--type', 'relay', '--relay', 'us'],
    ]) {
      const r = await cli('route', 'update', 'ccat_to_cologne', ...change);
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        /^Error: route 'ccat_to_cologne' has transfers, so its sites, type and locations stay as they are\nTry: add a route for the new path \(`ccat-ops route add`\) and set this one inactive \(`ccat-ops route set-active 'ccat_to_cologne' false`\)\n$/,
      );
    }
    assert.deepEqual(await path(), {
      name: 'ccat_to_cologne',
      method: 'bbcp',
      route_type: 'direct',
      origin: 'ccat',
      destination: 'cologne',
    });
  });

  it('changes the method of a direct route another writer left a relay site on, keeping the site', async () => {
    // An old row (written before the rule, hence with the triggers off here).
    await db.query(
      `set session_replication_role = replica;
       update data_transfer_route set relay_site_id = (select id from site where short_name = 'us') where name = 'ccat_to_cologne';
       set session_replication_role = origin;`,
    );
    const r = await cli('route', 'update', 'ccat_to_cologne', '--method', 'cp');
    assert.equal(r.status, 0, r.stderr);
    const [row] = await db.query(
      `select r.method, x.short_name as relay from data_transfer_route r join site x on x.id = r.relay_site_id where r.name = 'ccat_to_cologne'`,
    );
    assert.deepEqual(row, { method: 'cp', relay: 'us' });
    await db.query(
      `set session_replication_role = replica;
       update data_transfer_route set relay_site_id = null, method = 'bbcp' where name = 'ccat_to_cologne';
       set session_replication_role = origin;`,
    );
  });

  it('still renames it and changes its method', async () => {
    const r = await cli(
      'route',
      'update',
      'ccat_to_cologne',
      '--new-name',
      'ccat_to_cologne_2025',
      '--method',
      'rsync',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await path(), {
      name: 'ccat_to_cologne_2025',
      method: 'rsync',
      route_type: 'direct',
      origin: 'ccat',
      destination: 'cologne',
    });
  });
});
