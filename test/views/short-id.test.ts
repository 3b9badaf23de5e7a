import assert from 'node:assert/strict';
import pg from 'pg';
import { resolveId, shortestPrefixes } from '../../src/views/short-id.js';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** Executions whose ids share 0, 9 and 12 leading hex digits with a neighbour. */
const ALONE = '5a000000-0000-4000-8000-000000000001';
const NINE = ['7b1c2d3e-4000-4000-8000-000000000001', '7b1c2d3e-4f00-4000-8000-000000000001'];
const TWELVE = ['9c1c2d3e-4f5a-4000-8000-000000000001', '9c1c2d3e-4f5a-b000-8000-000000000001'];

describe('shortest unique id prefixes', function () {
  this.timeout(120_000);
  let client: pg.Client | undefined;
  const conn = () => client as pg.Client;
  after(() => client?.end()); // before the database is dropped: hooks run in the order they are declared
  const db = useTestDatabase();

  before(async () => {
    await loadOpsFixture(db);
    await db.query(
      `insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time)
       select v.id::uuid, (select id from obs_unit where name = 'ou-cal-1'), 'completed', now() - interval '2 hours', now()
         from unnest($1::text[]) v(id)`,
      [[ALONE, ...NINE, ...TWELVE]],
    );
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  it('is 8 characters unless a neighbour shares them, then one digit more than it shares; each resolves', async () => {
    const ids = [ALONE, ...NINE, ...TWELVE];
    const short = await shortestPrefixes(conn(), 'executed', ids);
    assert.deepEqual(
      ids.map((id) => short.get(id)),
      ['5a000000', '7b1c2d3e-40', '7b1c2d3e-4f', '9c1c2d3e-4f5a-4', '9c1c2d3e-4f5a-b'],
    );
    for (const id of ids) assert.equal(await resolveId(conn(), 'executed', short.get(id) as string), id);
  });

  it('answers for a whole page, and for no ids without asking', async () => {
    assert.equal((await shortestPrefixes(conn(), 'executed', [])).size, 0);
    const many = await shortestPrefixes(
      conn(),
      'package',
      (await db.query<{ id: string }>('select id from raw_data_package')).map((r) => r.id),
    );
    assert.equal(many.size, 4);
  });
});
