import sql from 'sql-template-tag';
import type {
  ChaiInparView,
  ChaiModuleConfigurationView,
  ChaiSetupView,
  ChaiTilingView,
  ObservationConfigurationView,
} from '../../services/observation-configurations.js';
import { one, rows, type Queryable } from '../queryable.js';

/** An observation configuration with its CHAI setup (INPAR, tiling, module configurations) where it has one. */
export async function describeObservationConfiguration(
  db: Queryable,
  id: number,
): Promise<ObservationConfigurationView> {
  const c = (await one<Omit<ObservationConfigurationView, 'chai'>>(
    db,
    sql`select name, type, description, parameters from observation_configuration where id = ${id}`,
  ))!;
  return { ...c, chai: await chaiSetup(db, id) };
}

/** The CHAI part of configuration `id`, or null when it has no CHAI row. */
async function chaiSetup(db: Queryable, id: number): Promise<ChaiSetupView | null> {
  const inpar = await one<ChaiInparView>(
    db,
    sql`select i.name, i.line_name as "lineName", i.rest_frequency_ghz as "restFrequencyGhz",
          i.lo_frequency_ghz as "loFrequencyGhz", i.sideband, i.if_frequency_ghz as "ifFrequencyGhz",
          i.velocity_kms as "velocityKms", i.parameters
        from chai_observation_configuration c join chai_inpar_parameter i on i.id = c.chai_inpar_parameter_id
        where c.id = ${id}`,
  );
  if (!inpar) return null;
  const tiling = await one<ChaiTilingView>(
    db,
    sql`select t.name, t.offset_x_arcsec as "offsetXArcsec", t.offset_y_arcsec as "offsetYArcsec",
          t.size_x_arcsec as "sizeXArcsec", t.size_y_arcsec as "sizeYArcsec",
          t.position_angle_deg as "positionAngleDeg", t.scan_direction as "scanDirection",
          t.row_spacing_arcsec as "rowSpacingArcsec", t.scan_speed_arcsec_s as "scanSpeedArcsecS"
        from chai_observation_configuration c join chai_tiling t on t.id = c.chai_tiling_id
        where c.id = ${id}`,
  );
  const moduleConfigurations = await rows<ChaiModuleConfigurationView>(
    db,
    sql`select i.name || '/' || m.name as module, mc.name, mc.backend, mc.bandwidth_mhz as "bandwidthMhz",
          mc.channels, mc.active_pixels as "activePixels"
        from chai_observation_module_configuration j
        join chai_module_configuration mc on mc.id = j.chai_module_configuration_id
        join instrument_module m on m.id = mc.instrument_module_id
        join instrument i on i.id = m.instrument_id
        where j.chai_observation_configuration_id = ${id}`,
  );
  return {
    inpar,
    tiling: tiling ?? null,
    // By module, then name, in JavaScript's locale order (not the database's collation).
    moduleConfigurations: moduleConfigurations.sort(
      (a, b) => a.module.localeCompare(b.module) || a.name.localeCompare(b.name),
    ),
  };
}
