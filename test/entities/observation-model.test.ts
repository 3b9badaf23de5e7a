import assert from 'node:assert/strict';
import {
  ApiTokenSchema,
  ChaiInparParameterSchema,
  ChaiModuleConfigurationSchema,
  ChaiObservationConfigurationSchema,
  ChaiTilingSchema,
  DataGroupingSchema,
  InstrumentModuleSchema,
  ObservationConfigurationSchema,
  ObservationConfigurationType,
  ObsUnitSchema,
  RawDataPackageMetadataSchema,
  RawDataPackageSchema,
  ScanDirection,
  Sideband,
  SiteSchema,
  UserSchema,
} from '../../entities/index.js';
import { loadOpsFixture, P } from '../helpers/ops-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * The rest of the ops-db model (issue #14 item 5): observation configurations with their CHAI
 * tables, IVOA metadata and data groupings of packages, a site's geographic location and a token's
 * last-used address. Rows go in through the ORM and come back as written; bad rows are refused by
 * PostgreSQL with the named constraint, whoever writes them.
 */
describe('observation configurations, package metadata, data groupings (entities)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const check = (constraint: string) => ({ code: '23514', constraint });
  const foreignKey = (constraint: string) => ({ code: '23503', constraint });

  before(async () => loadOpsFixture(db));

  it('round-trips a CHAI observation configuration linked to an obs unit', async () => {
    const em = await db.em();
    const lfa = await em.findOneOrFail(InstrumentModuleSchema, { name: 'LFA' });
    const config = em.create(ObservationConfigurationSchema, {
      name: 'geco-co43-map',
      type: ObservationConfigurationType.CHAI,
      description: 'CO(4-3) map of Orion KL',
    });
    const inpar = em.create(ChaiInparParameterSchema, {
      name: 'co43-usb',
      lineName: 'CO43',
      restFrequencyGhz: 461.0408,
      loFrequencyGhz: 455.0,
      sideband: Sideband.USB,
      ifFrequencyGhz: 6.0408,
      velocityKms: 9,
    });
    const tiling = em.create(ChaiTilingSchema, {
      name: 'orion-10x10',
      sizeXArcsec: 600,
      sizeYArcsec: 600,
      positionAngleDeg: -30,
      scanDirection: ScanDirection.BOTH,
      rowSpacingArcsec: 7.5,
    });
    const lfaSetup = em.create(ChaiModuleConfigurationSchema, {
      instrumentModule: lfa,
      name: 'lfa-ffts-4ghz',
      backend: 'ffts',
      bandwidthMhz: 4000,
      channels: 65536,
    });
    const chai = em.create(ChaiObservationConfigurationSchema, {
      observationConfiguration: config,
      chaiInparParameter: inpar,
      chaiTiling: tiling,
    });
    chai.chaiModuleConfigurations.add(lfaSetup);
    const ou = await em.findOneOrFail(ObsUnitSchema, { name: 'ou-geco-1' });
    ou.observationConfiguration = config as never;
    await em.flush();

    const [row] = await db.query(
      `select oc.name, oc.type, c.id = oc.id as same_id, i.line_name, i.sideband, t.size_x_arcsec, t.scan_direction,
              (select array_agg(m.name) from chai_observation_module_configuration j
                 join chai_module_configuration m on m.id = j.chai_module_configuration_id
                where j.chai_observation_configuration_id = c.id) as modules
         from obs_unit o join observation_configuration oc on oc.id = o.observation_configuration_id
         join chai_observation_configuration c on c.id = oc.id
         join chai_inpar_parameter i on i.id = c.chai_inpar_parameter_id
         join chai_tiling t on t.id = c.chai_tiling_id
        where o.name = 'ou-geco-1'`,
    );
    assert.deepEqual(row, {
      name: 'geco-co43-map',
      type: 'chai',
      same_id: true,
      line_name: 'CO43',
      sideband: 'usb',
      size_x_arcsec: 600,
      scan_direction: 'both',
      modules: ['lfa-ffts-4ghz'],
    });

    const fresh = await db.em();
    const back = await fresh.findOneOrFail(
      ChaiObservationConfigurationSchema,
      { observationConfiguration: { name: 'geco-co43-map' } },
      { populate: ['chaiInparParameter', 'chaiTiling', 'chaiModuleConfigurations'] },
    );
    assert.equal(Number(back.chaiInparParameter.$.restFrequencyGhz), 461.0408);
    assert.equal(Number(back.chaiTiling!.$.positionAngleDeg), -30);
    assert.deepEqual(
      back.chaiModuleConfigurations.getItems().map((m) => m.name),
      ['lfa-ffts-4ghz'],
    );
  });

  it('refuses CHAI rows that break their rules, by named constraint', async () => {
    await assert.rejects(
      db.query(`update chai_tiling set size_x_arcsec = 0 where name = 'orion-10x10'`),
      check('chai_tiling_size_positive'),
    );
    await assert.rejects(
      db.query(`update chai_tiling set position_angle_deg = 200 where name = 'orion-10x10'`),
      check('chai_tiling_position_angle_range'),
    );
    await assert.rejects(
      db.query(`update chai_tiling set scan_direction = 'diagonal' where name = 'orion-10x10'`),
      check('chai_tiling_scan_direction_check'),
    );
    await assert.rejects(
      db.query(`update chai_inpar_parameter set lo_frequency_ghz = -1 where name = 'co43-usb'`),
      check('chai_inpar_parameter_lo_frequency_positive'),
    );
    await assert.rejects(
      db.query(`update chai_inpar_parameter set sideband = 'dsb' where name = 'co43-usb'`),
      check('chai_inpar_parameter_sideband_check'),
    );
    await assert.rejects(
      db.query(`update chai_module_configuration set channels = 0 where name = 'lfa-ffts-4ghz'`),
      check('chai_module_configuration_channels_positive'),
    );
    await assert.rejects(
      db.query(`insert into observation_configuration (name, type) values ('x', 'scuba')`),
      check('observation_configuration_type_check'),
    );
    // A CHAI row is the CHAI part of an existing configuration (same id).
    await assert.rejects(
      db.query(
        `insert into chai_observation_configuration (id, chai_inpar_parameter_id)
         select 999999, id from chai_inpar_parameter limit 1`,
      ),
      foreignKey('chai_observation_configuration_id_foreign'),
    );
    // What obs units or CHAI configurations use cannot be deleted from under them.
    await assert.rejects(
      db.query(`delete from observation_configuration where name = 'geco-co43-map'`),
      foreignKey('obs_unit_observation_configuration_id_foreign'),
    );
    await assert.rejects(
      db.query(`delete from chai_module_configuration where name = 'lfa-ffts-4ghz'`),
      foreignKey('chai_observation_module_configuration_module_foreign'),
    );
  });

  it('gives CHAI details only to a chai configuration, which then keeps its type', async () => {
    const [primeCam] = await db.query<{ id: number }>(
      `insert into observation_configuration (name, type) values ('pc-wide', 'prime_cam') returning id`,
    );
    await assert.rejects(
      db.query(
        `insert into chai_observation_configuration (id, chai_inpar_parameter_id)
         select $1, id from chai_inpar_parameter limit 1`,
        [primeCam.id],
      ),
      check('chai_observation_configuration_only_for_chai'),
    );
    await assert.rejects(
      db.query(`update observation_configuration set type = 'prime_cam' where name = 'geco-co43-map'`),
      check('observation_configuration_type_kept_while_chai_details'),
    );
    const rows = await db.query<{ type: string; details: number }>(
      `select c.type, (select count(*)::int from chai_observation_configuration d where d.id = c.id) as details
         from observation_configuration c where c.id = $1 or c.name = 'geco-co43-map' order by c.name`,
      [primeCam.id],
    );
    assert.deepEqual(rows, [
      { type: 'chai', details: 1 },
      { type: 'prime_cam', details: 0 },
    ]);
    // A configuration without details may change its type.
    await db.query(`update observation_configuration set type = 'chai' where id = $1`, [primeCam.id]);
  });

  it('round-trips a package’s IVOA metadata (one per package) and refuses impossible values', async () => {
    const em = await db.em();
    const pkg = await em.findOneOrFail(RawDataPackageSchema, { id: P[1] });
    em.create(RawDataPackageMetadataSchema, {
      rawDataPackage: pkg,
      dataproductType: 'cube',
      targetName: 'Orion KL',
      raDeg: 83.82,
      decDeg: -5.39,
      freqMinGhz: 460.5,
      freqMaxGhz: 461.5,
      timeMin: new Date('2026-11-28T03:00:00Z'),
      timeMax: new Date('2026-11-28T03:40:00Z'),
      extra: { obs_publisher_did: 'ivo://ccat/P1' },
    });
    await em.flush();
    const [row] = await db.query(
      `select calib_level, target_name, ra_deg, freq_max_ghz, extra from raw_data_package_metadata
        where raw_data_package_id = $1`,
      [P[1]],
    );
    assert.deepEqual(row, {
      calib_level: 0,
      target_name: 'Orion KL',
      ra_deg: 83.82,
      freq_max_ghz: 461.5,
      extra: { obs_publisher_did: 'ivo://ccat/P1' },
    });
    await assert.rejects(db.query(`insert into raw_data_package_metadata (raw_data_package_id) values ($1)`, [P[1]]), {
      code: '23505',
      constraint: 'raw_data_package_metadata_raw_data_package_id_unique',
    });
    const bad: [string, string][] = [
      ['calib_level = 5', 'raw_data_package_metadata_calib_level_range'],
      ['ra_deg = 360', 'raw_data_package_metadata_ra_range'],
      ['dec_deg = -91', 'raw_data_package_metadata_dec_range'],
      ['freq_min_ghz = 462', 'raw_data_package_metadata_freq_range'],
      [`time_max = '2026-11-28T02:00:00Z'`, 'raw_data_package_metadata_time_order'],
      ['exposure_time_s = -1', 'raw_data_package_metadata_exposure_not_negative'],
    ];
    for (const [set, constraint] of bad) {
      await assert.rejects(
        db.query(`update raw_data_package_metadata set ${set} where raw_data_package_id = $1`, [P[1]]),
        check(constraint),
        set,
      );
    }
  });

  it('round-trips a data grouping of packages', async () => {
    const em = await db.em();
    const grouping = em.create(DataGroupingSchema, { name: 'orion-co43-campaign', description: 'All CO43 maps' });
    for (const id of [P[1], P[2]]) grouping.rawDataPackages.add(em.getReference(RawDataPackageSchema, id) as never);
    await em.flush();
    const rows = await db.query(
      `select g.name, gp.raw_data_package_id as id from data_grouping g
         join data_grouping_raw_data_package gp on gp.data_grouping_id = g.id order by 2`,
    );
    assert.deepEqual(rows, [
      { name: 'orion-co43-campaign', id: P[1] },
      { name: 'orion-co43-campaign', id: P[2] },
    ]);
  });

  it('keeps a site’s geographic location in site.location and a token’s last-used address as inet', async () => {
    const em = await db.em();
    const site = await em.findOneOrFail(SiteSchema, { shortName: 'ccat' });
    site.geographicLocation = 'Cerro Chajnantor, Chile';
    const user = em.create(UserSchema, { username: 'ops-api' });
    em.create(ApiTokenSchema, {
      user,
      name: 'api',
      tokenHash: 'a'.repeat(64),
      prefix: 'ops_api_',
      lastUsedIp: '2001:db8::7',
    });
    await em.flush();
    const [s] = await db.query(`select location from site where short_name = 'ccat'`);
    assert.equal(s.location, 'Cerro Chajnantor, Chile');
    const [t] = await db.query(`select host(last_used_ip) as ip, pg_typeof(last_used_ip)::text as type from api_token`);
    assert.deepEqual(t, { ip: '2001:db8::7', type: 'inet' });
    const back = await (await db.em()).findOneOrFail(ApiTokenSchema, { name: 'api' });
    assert.equal(back.lastUsedIp, '2001:db8::7');
    await assert.rejects(db.query(`update api_token set last_used_ip = 'not-an-address'`), { code: '22P02' });
  });
});
