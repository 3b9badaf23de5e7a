import assert from 'node:assert/strict';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LocationType, StorageType } from '../../entities/index.js';
import { InvalidValues } from '../../src/errors.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { addModule } from '../../src/services/instrument-modules.js';
import { instrumentTelescopes } from '../../src/services/instruments.js';
import { addLocation } from '../../src/services/locations.js';
import { addTelescope } from '../../src/services/telescopes.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * The registry services check every value of a write and report all problems together, one line
 * per flag, before anything is written; values may come as the text typed at a flag.
 */
describe('registry input validation', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  let em: () => EntityManager;
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);

  /** The problems of the usage error `work` fails with (exit 2). */
  async function problems(work: () => Promise<unknown>): Promise<string[]> {
    const err = await work().then(
      () => assert.fail('expected a usage error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InvalidValues, String(err));
    assert.equal(err.exitCode, 2);
    return err.problems;
  }

  before(async () => {
    const orm = await db.orm();
    em = () => orm.em.fork() as EntityManager;
    await seedDatabase(em());
  });

  it('a telescope: every bad value named by its flag, nothing written', async () => {
    const before = await count('telescope');
    const got = await problems(() =>
      addTelescope(em(), {
        name: 'NEWSCOPE',
        observatory: 'CCAT Observatory',
        latitude: '123',
        longitude: 'abc',
        altitude: '99999',
      }),
    );
    assert.deepEqual(got, [
      '--latitude: must be between -90 and 90',
      "--longitude: 'abc' is not a number; write a plain decimal number like 12 or -22.96",
      '--altitude: must be between -500 and 10000 m',
    ]);
    assert.equal(await count('telescope'), before);
  });

  it('a telescope given its numbers as text is stored with the numbers', async () => {
    const r = await addTelescope(em(), {
      name: 'TEXTSCOPE',
      observatory: 'CCAT Observatory',
      latitude: '-22.986',
      longitude: '-67.74',
    });
    assert.equal(r.status, 'created');
    const [row] = await db.query('select latitude_deg, longitude_deg from telescope where name = $1', ['TEXTSCOPE']);
    assert.deepEqual([Number(row.latitude_deg), Number(row.longitude_deg)], [-22.986, -67.74]);
  });

  it('a module: pixels must be whole, frequencies numbers', async () => {
    const before = await count('instrument_module');
    const got = await problems(() =>
      addModule(em(), { instrument: 'CHAI', name: 'XFA', pixels: '12.5', freqMin: 'low', freqMax: '-1' }),
    );
    assert.deepEqual(got, [
      '--pixels: must be a whole number between 1 and 2147483647',
      "--freq-min: 'low' is not a number; write a plain decimal number like 12 or -22.96",
      '--freq-max: must not be negative',
    ]);
    assert.equal(await count('instrument_module'), before);
  });

  it('a location: a relative root path, a priority that is no number and a capacity that is no size', async () => {
    const before = await count('data_location');
    const got = await problems(() =>
      addLocation(em(), {
        site: 'ccat',
        name: 'scratch',
        type: LocationType.BUFFER,
        storage: StorageType.DISK,
        rootPath: 'data/scratch',
        priority: 'high',
        capacity: 'lots',
      }),
    );
    assert.deepEqual(got, [
      "--priority: 'high' is not a number; write a plain decimal number like 12 or -22.96",
      "--root-path: must be an absolute path (start with '/')",
      "--capacity: 'lots' is not a size; write a size like 40TB, 500GB or 1.5PiB, or none to clear it",
    ]);
    assert.equal(await count('data_location'), before);
  });

  it('an instrument settles its telescope; an unknown one is exit 4 with the nearest name', async () => {
    assert.deepEqual(await instrumentTelescopes(em(), 'CHAI'), ['FYST']);
    await assert.rejects(instrumentTelescopes(em(), 'CHIA'), {
      exitCode: 4,
      message: /no instrument 'CHIA'; did you mean 'CHAI'\?/,
    });
  });
});
