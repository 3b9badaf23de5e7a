import assert from 'node:assert/strict';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-config.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { addModule } from '../../src/services/instrument-modules.js';
import { addInstrument } from '../../src/services/instruments.js';
import { addLocation } from '../../src/services/locations.js';
import { addObsUnit } from '../../src/services/obs-units.js';
import { addObservatory } from '../../src/services/observatories.js';
import { addProgram, addSubProgram } from '../../src/services/programs.js';
import { addRoute } from '../../src/services/routes.js';
import { addSite } from '../../src/services/sites.js';
import { addSource } from '../../src/services/sources.js';
import { addTelescope } from '../../src/services/telescopes.js';
import { addUser, grantRole } from '../../src/services/users.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Every registry `add` run by several processes at the same time: each waits on PostgreSQL's unique
 * index for the first and must then report what a sequential repeat would, never a raw database
 * error, and leave one row.
 */
describe('registry writes under concurrency', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const RACERS = 8;
  let orm: MikroORM;

  before(async () => {
    // One connection per racer, so they really run at once.
    orm = await MikroORM.init(ormOptions({ clientUrl: db.url, poolMax: RACERS }));
    await seedDatabase(orm.em.fork() as EntityManager);
  });
  after(async () => orm?.close(true));

  /** `add` run by RACERS at once, each on its own EntityManager, as separate processes would. */
  async function race<V>(add: (em: EntityManager) => Promise<WriteResult<V>>): Promise<string[]> {
    const results = await Promise.all(Array.from({ length: RACERS }, () => add(orm.em.fork() as EntityManager)));
    return results.map((r) => r.status).sort();
  }
  const oneCreated = ['created', ...Array<string>(RACERS - 1).fill('unchanged')];
  const count = async (sql: string, params: unknown[]) => Number((await db.query(sql, params))[0].n);

  it('observatory, telescope, instrument and module: one created, the others "already registered"', async () => {
    assert.deepEqual(await race((em) => addObservatory(em, { name: 'Race Obs' })), oneCreated);
    assert.deepEqual(
      await race((em) => addTelescope(em, { name: 'Race Tel', observatory: 'Race Obs', latitude: 1 })),
      oneCreated,
    );
    assert.deepEqual(
      await race((em) => addInstrument(em, { name: 'RaceCam', telescope: 'Race Tel', type: 'camera' })),
      oneCreated,
    );
    assert.deepEqual(await race((em) => addModule(em, { name: 'RM1', instrument: 'RaceCam', pixels: 7 })), oneCreated);
    assert.equal(await count('select count(*) as n from observatory where name = $1', ['Race Obs']), 1);
    assert.equal(await count('select count(*) as n from telescope where name = $1', ['Race Tel']), 1);
    assert.equal(await count('select count(*) as n from instrument where name = $1', ['RaceCam']), 1);
    assert.equal(await count('select count(*) as n from instrument_module where name = $1', ['RM1']), 1);
  });

  it('site, location and route: one created, the others "already registered"', async () => {
    assert.deepEqual(await race((em) => addSite(em, { shortName: 'racesite', name: 'Race site' })), oneCreated);
    assert.deepEqual(
      await race((em) =>
        addLocation(em, {
          site: 'racesite',
          name: 'buf',
          type: 'buffer',
          storage: 'disk',
          rootPath: '/data/race',
        } as Parameters<typeof addLocation>[1]),
      ),
      oneCreated,
    );
    assert.deepEqual(
      await race((em) =>
        addRoute(em, {
          name: 'race_route',
          from: 'racesite',
          to: 'cologne',
          type: 'direct',
          method: 'rsync',
        } as Parameters<typeof addRoute>[1]),
      ),
      oneCreated,
    );
    assert.equal(await count('select count(*) as n from site where short_name = $1', ['racesite']), 1);
    assert.equal(await count("select count(*) as n from data_location where name = 'buf'", []), 1);
    assert.equal(await count('select count(*) as n from data_transfer_route where name = $1', ['race_route']), 1);
  });

  it('programme, sub-programme, source and obs unit: one created, the others "already registered"', async () => {
    assert.deepEqual(await race((em) => addProgram(em, { shortName: 'RACE', name: 'Race programme' })), oneCreated);
    assert.deepEqual(
      await race((em) => addSubProgram(em, { program: 'RACE', shortName: 'r1', name: 'Race sub' })),
      oneCreated,
    );
    assert.deepEqual(
      await race((em) => addSource(em, { name: 'race-src', type: 'fixed', ra: 10, dec: -5 } as never)),
      oneCreated,
    );
    assert.deepEqual(
      await race((em) => addObsUnit(em, { name: 'race-ou', program: 'RACE', source: 'race-src', obsMode: 'otf' })),
      oneCreated,
    );
    assert.equal(await count('select count(*) as n from observing_program where short_name = $1', ['RACE']), 1);
    assert.equal(await count('select count(*) as n from sub_observing_program where short_name = $1', ['r1']), 1);
    assert.equal(await count('select count(*) as n from source where name = $1', ['race-src']), 1);
    assert.equal(await count('select count(*) as n from obs_unit where name = $1', ['race-ou']), 1);
  });

  it('a conflicting racer gets the conflict a sequential repeat would, and a role granted at once is granted once', async () => {
    await addUser(orm.em.fork() as EntityManager, { username: 'racer' });
    const grants = await Promise.all(
      Array.from({ length: RACERS }, () => grantRole(orm.em.fork() as EntityManager, 'racer', 'viewer')),
    );
    assert.deepEqual(grants.map((g) => g.status).sort(), ['granted', ...Array<string>(RACERS - 1).fill('unchanged')]);
    assert.equal(
      await count(`select count(*) as n from user_role ur join "user" u on u.id = ur.user_id where u.username = $1`, [
        'racer',
      ]),
      1,
    );
    // Half want one e-mail, half another: the first wins, every loser is told to use `update`.
    const settled = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) =>
        addUser(orm.em.fork() as EntityManager, { username: 'split', email: `s${i % 2}@example.org` }),
      ),
    );
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
    assert.equal(settled.filter((s) => s.status === 'fulfilled').length + failures.length, RACERS);
    assert.equal(failures.length, RACERS / 2, `the other e-mail's racers conflict: ${failures.join('; ')}`);
    for (const m of failures) assert.match(m, /user 'split' is already registered with other values \(email\)/);
    assert.equal(await count('select count(*) as n from "user" where username = $1', ['split']), 1);
  });
});
