import assert from 'node:assert/strict';
import { E1, E2, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/** A CHAI configuration as the ops-db API would file it: INPAR, tiling, the LFA and HFA setups. */
const CHAI_CONFIGURATION_SQL = `
insert into observation_configuration (name, type, description) values ('geco-co43-map', 'chai', 'CO(4-3) map');
insert into chai_inpar_parameter (name, line_name, rest_frequency_ghz, lo_frequency_ghz, sideband, if_frequency_ghz, velocity_kms)
values ('co43-usb', 'CO43', 461.0408, 455, 'usb', 6.0408, 9);
insert into chai_tiling (name, size_x_arcsec, size_y_arcsec, position_angle_deg, scan_direction, row_spacing_arcsec)
values ('orion-10x10', 600, 600, -30, 'both', 7.5);
insert into chai_module_configuration (instrument_module_id, name, backend, bandwidth_mhz, channels)
select m.id, lower(m.name) || '-ffts', 'ffts', 4000, 65536 from instrument_module m where m.name in ('LFA', 'HFA');
insert into chai_observation_configuration (id, chai_inpar_parameter_id, chai_tiling_id)
select oc.id, i.id, t.id from observation_configuration oc, chai_inpar_parameter i, chai_tiling t;
insert into chai_observation_module_configuration (chai_observation_configuration_id, chai_module_configuration_id)
select c.id, m.id from chai_observation_configuration c, chai_module_configuration m;
update obs_unit set observation_configuration_id = (select id from observation_configuration) where name = 'ou-geco-1';
`;

describe('ccat-ops obs-unit show / executed show: the observation configuration', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });

  before(async () => {
    await loadOpsFixture(db);
    await db.query(CHAI_CONFIGURATION_SQL);
  });

  it('obs-unit show --json gives the CHAI setup: INPAR, tiling and module configurations', async () => {
    const r = await cli('obs-unit', 'show', 'ou-geco-1', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().observationConfiguration, {
      name: 'geco-co43-map',
      type: 'chai',
      description: 'CO(4-3) map',
      parameters: null,
      chai: {
        inpar: {
          name: 'co43-usb',
          lineName: 'CO43',
          restFrequencyGhz: 461.0408,
          loFrequencyGhz: 455,
          sideband: 'usb',
          ifFrequencyGhz: 6.0408,
          velocityKms: 9,
          parameters: null,
        },
        tiling: {
          name: 'orion-10x10',
          offsetXArcsec: 0,
          offsetYArcsec: 0,
          sizeXArcsec: 600,
          sizeYArcsec: 600,
          positionAngleDeg: -30,
          scanDirection: 'both',
          rowSpacingArcsec: 7.5,
          scanSpeedArcsecS: null,
        },
        moduleConfigurations: [
          {
            module: 'CHAI/HFA',
            name: 'hfa-ffts',
            backend: 'ffts',
            bandwidthMhz: 4000,
            channels: 65536,
            activePixels: null,
          },
          {
            module: 'CHAI/LFA',
            name: 'lfa-ffts',
            backend: 'ffts',
            bandwidthMhz: 4000,
            channels: 65536,
            activePixels: null,
          },
        ],
      },
    });
  });

  it('obs-unit show prints one line each for the configuration, INPAR, tiling and module configurations', async () => {
    const r = await cli('obs-unit', 'show', 'ou-geco-1');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^observationConfiguration +geco-co43-map \(chai\)$/m);
    assert.match(r.stdout, /^inpar +co43-usb: CO43 at 461\.0408 GHz, LO 455 GHz USB, IF 6\.0408 GHz, 9 km\/s$/m);
    assert.match(
      r.stdout,
      /^tiling +orion-10x10: 600 × 600 arcsec at offset \(0, 0\) arcsec, PA -30°, scan both, rows 7\.5 arcsec apart$/m,
    );
    // Long lists go one to a line.
    assert.match(
      r.stdout,
      /^moduleConfigurations +\(2\)\n {2}- CHAI\/HFA hfa-ffts \(ffts, 4000 MHz, 65536 channels\)\n {2}- CHAI\/LFA lfa-ffts \(ffts, 4000 MHz, 65536 channels\)$/m,
    );
  });

  it('an obs unit without a configuration shows none', async () => {
    const r = await cli('obs-unit', 'show', 'ou-cal-1', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().observationConfiguration, null);
    assert.match((await cli('obs-unit', 'show', 'ou-cal-1')).stdout, /^observationConfiguration +-$/m);
  });

  it('executed show names the configuration its obs unit was observed with', async () => {
    const r = await cli('executed', 'show', E1, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().observationConfiguration, 'geco-co43-map');
    assert.match((await cli('executed', 'show', E1)).stdout, /^observationConfiguration +geco-co43-map$/m);
    assert.equal((await cli('executed', 'show', E2, '--json')).json().observationConfiguration, null);
  });

  it('shows a pointed CHAI setup, a module configuration without details, and a configuration of another type', async () => {
    await db.query(`
      insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
      select v.name, (select id from observing_program where short_name = 'GEco'), (select id from source where name = 'orion-kl'),
             (select min(id) from obs_mode)
        from (values ('ou-pointed'), ('ou-prime'), ('ou-bare')) v(name);
      insert into observation_configuration (name, type) values ('ci-pointed', 'chai'), ('chai-bare', 'chai');
      insert into observation_configuration (name, type, description, parameters)
      values ('pc-map', 'prime_cam', 'Prime-Cam map', '{"band": 280, "scan": {"speed": 0.5}}');
      insert into chai_inpar_parameter (name, line_name, rest_frequency_ghz, lo_frequency_ghz, sideband, if_frequency_ghz, parameters)
      values ('ci-lsb', 'CI', 492.160651, 486.1, 'lsb', 6.060651, '{"note": "pointed"}');
      insert into chai_module_configuration (instrument_module_id, name)
      select m.id, 'bare' from instrument_module m where m.name = 'LFA';
      insert into chai_observation_configuration (id, chai_inpar_parameter_id)
      select oc.id, i.id from observation_configuration oc, chai_inpar_parameter i where oc.name = 'ci-pointed' and i.name = 'ci-lsb';
      insert into chai_observation_module_configuration (chai_observation_configuration_id, chai_module_configuration_id)
      select oc.id, m.id from observation_configuration oc, chai_module_configuration m where oc.name = 'ci-pointed' and m.name = 'bare';
      update obs_unit u set observation_configuration_id = oc.id from observation_configuration oc
       where (u.name, oc.name) in (('ou-pointed', 'ci-pointed'), ('ou-prime', 'pc-map'), ('ou-bare', 'chai-bare'));
    `);
    const pointed = (await cli('obs-unit', 'show', 'ou-pointed', '--json')).json().observationConfiguration;
    assert.deepEqual(pointed.chai.tiling, null);
    assert.deepEqual(pointed.chai.inpar.parameters, { note: 'pointed' });
    assert.equal(pointed.chai.inpar.velocityKms, 0);
    assert.deepEqual(pointed.chai.moduleConfigurations, [
      { module: 'CHAI/LFA', name: 'bare', backend: null, bandwidthMhz: null, channels: null, activePixels: null },
    ]);
    const text = (await cli('obs-unit', 'show', 'ou-pointed')).stdout;
    assert.match(text, /^inpar +ci-lsb: CI at 492\.160651 GHz, LO 486\.1 GHz LSB, IF 6\.060651 GHz, 0 km\/s$/m);
    assert.match(text, /^tiling +none \(pointed\)$/m);
    assert.match(text, /^moduleConfigurations +CHAI\/LFA bare$/m);
    assert.deepEqual((await cli('obs-unit', 'show', 'ou-prime', '--json')).json().observationConfiguration, {
      name: 'pc-map',
      type: 'prime_cam',
      description: 'Prime-Cam map',
      parameters: { band: 280, scan: { speed: 0.5 } },
      chai: null,
    });
    assert.match(
      (await cli('obs-unit', 'show', 'ou-prime')).stdout,
      /^observationConfiguration +pc-map \(prime_cam\)$/m,
    );
    // A CHAI configuration whose CHAI row is not (yet) there.
    assert.equal((await cli('obs-unit', 'show', 'ou-bare', '--json')).json().observationConfiguration.chai, null);
  });
});
