import assert from 'node:assert/strict';
import { loadOpsFixture, P } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops package show: IVOA metadata and data groupings', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });

  before(async () => {
    await loadOpsFixture(db);
    await db.query(
      `insert into raw_data_package_metadata (raw_data_package_id, dataproduct_type, calib_level, target_name, ra_deg,
                                              dec_deg, freq_min_ghz, freq_max_ghz, time_min, extra)
       values ($1, 'cube', 0, 'Orion KL', 83.82, -5.39, 460.5, 461.5, '2026-11-28T03:00:00Z', '{"obs_publisher_did": "ivo://ccat/P1"}')`,
      [P[1]],
    );
    await db.query(`insert into data_grouping (name) values ('orion-campaign'), ('co43-maps'), ('unrelated')`);
    await db.query(
      `insert into data_grouping_raw_data_package (data_grouping_id, raw_data_package_id)
       select g.id, $1 from data_grouping g where g.name in ('orion-campaign', 'co43-maps')`,
      [P[1]],
    );
  });

  it('--json gives the recorded metadata and the groupings the package is in', async () => {
    const r = await cli('package', 'show', 'P1', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { ivoaMetadata, groupings } = r.json();
    assert.deepEqual(groupings, ['co43-maps', 'orion-campaign']);
    assert.deepEqual(ivoaMetadata, {
      dataproductType: 'cube',
      calibLevel: 0,
      targetName: 'Orion KL',
      raDeg: 83.82,
      decDeg: -5.39,
      fovDeg: null,
      region: null,
      timeMin: '2026-11-28T03:00:00.000Z',
      timeMax: null,
      exposureTimeS: null,
      freqMinGhz: 460.5,
      freqMaxGhz: 461.5,
      resolvingPower: null,
      polarizationStates: null,
      extra: { obs_publisher_did: 'ivo://ccat/P1' },
    });
  });

  it('for people: the metadata on one line, the groupings by name', async () => {
    const r = await cli('package', 'show', 'P1');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^ivoaMetadata +dataproductType cube, calibLevel 0, targetName Orion KL, raDeg 83\.82, decDeg -5\.39, timeMin 2026-11-28T03:00:00\.000Z, freqMinGhz 460\.5, freqMaxGhz 461\.5, extra \{"obs_publisher_did":"ivo:\/\/ccat\/P1"\}$/m,
    );
    assert.match(r.stdout, /^groupings +co43-maps, orion-campaign$/m);
  });

  it('a package with neither shows none', async () => {
    const r = await cli('package', 'show', 'P2', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().ivoaMetadata, null);
    assert.deepEqual(r.json().groupings, []);
    const text = (await cli('package', 'show', 'P2')).stdout;
    assert.match(text, /^ivoaMetadata +-$/m);
    assert.match(text, /^groupings +\(none\)$/m);
  });
});
