import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { requireRealServer } from '../helpers/test-server.js';

const GENERATOR = join(import.meta.dirname, '..', '..', 'bench', 'generate', 'generate.ts');

describe('the benchmark data generator', function () {
  this.timeout(180_000);
  const db = useTestDatabase();

  const generate = () =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', GENERATOR, '--database-url', db.url, '--days', '1', '--units-per-day', '3'],
      { encoding: 'utf8', timeout: 120_000 },
    );
  const count = async (table: string, where = 'true') =>
    Number((await db.query<{ n: string }>(`select count(*)::text as n from ${table} where ${where}`))[0].n);

  it('adds to a database that already holds other sources, obs units and data, run after run', async function () {
    await requireRealServer(this);
    await seedDatabase((await db.em()) as never); // what `db init` loads: sites, locations, programs
    // Someone else's data: a source, an obs unit, an executed unit with a package and its file.
    await db.query(`insert into source (name, source_type, ra_deg, dec_deg) values ('orion', 'fixed', 83.8, -5.4)`);
    await db.query(
      `insert into obs_unit (name, observing_program_id, source_id, obs_mode_id, priority)
       select 'orion-map', (select min(id) from observing_program), (select id from source where name = 'orion'),
              (select min(id) from obs_mode), 1`,
    );
    const [{ id: executed }] = await db.query<{ id: string }>(
      `insert into executed_obs_unit (obs_unit_id, status, start_time, end_time)
       select id, 'completed', now(), now() from obs_unit where name = 'orion-map' returning id`,
    );
    await db.query(
      `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum,
                                     checksum_algorithm, status, state, archived_at)
       select 'orion-pkg', $1, min(id), 'orion.tar', 10, 'x', 'md5', 'completed', 'archived', now() from instrument_module`,
      [executed],
    );
    const modules = await count('instrument_module');

    for (const run of [1, 2]) {
      const r = generate();
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^done in /m);
      assert.equal(await count('executed_obs_unit'), 1 + run * 3, `run ${run}: three new executed units`);
      assert.equal(
        await count('raw_data_package'),
        1 + run * 3 * modules,
        `run ${run}: one package per unit and module`,
      );
    }
    // What was there before is untouched: no files, bundles, transfers or copies were made for it.
    assert.equal(
      await count('raw_data_file', `raw_data_package_id = (select id from raw_data_package where name = 'orion-pkg')`),
      0,
    );
    assert.equal(await count('raw_data_package', `name = 'orion-pkg' and data_transfer_package_id is null`), 1);
    assert.equal(
      await count(
        'long_term_archive_transfer',
        `raw_data_package_id = (select id from raw_data_package where name = 'orion-pkg')`,
      ),
      0,
    );
    assert.equal(await count('source', `name = 'orion'`), 1);
  });
});
