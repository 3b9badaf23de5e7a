import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { ObsUnitDetail, ObsUnitView } from '../../services/obs-units.js';
import { obsUnitId, programId, sourceId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';
import { describeObservationConfiguration } from './observation-configurations.js';

/** The columns of `ObsUnitView`, from `OBS_UNIT_FROM`. */
const OBS_UNIT_COLUMNS = sql`u.name, p.short_name as program, sp.short_name as "subProgram",
    s.name as source, m.name as "obsMode", u.line_id as line, u.priority, u.available,
    u.created_at as "createdAt", u.updated_at as "updatedAt"`;
const OBS_UNIT_FROM = sql`from obs_unit u
  join observing_program p on p.id = u.observing_program_id
  left join sub_observing_program sp on sp.id = u.sub_observing_program_id
  join source s on s.id = u.source_id
  join obs_mode m on m.id = u.obs_mode_id`;

export interface ObsUnitFilter {
  /** A programme short name. */
  program?: string;
  source?: string;
  available?: boolean;
}

/** The obs units by name, filtered (an unknown programme or source is exit 4 with the nearest name). */
export async function listObsUnits(db: Queryable, filter: ObsUnitFilter = {}): Promise<ObsUnitView[]> {
  const where: Sql[] = [];
  if (filter.program) where.push(sql`u.observing_program_id = ${await programId(db, filter.program, 'program')}`);
  if (filter.source) where.push(sql`u.source_id = ${await sourceId(db, filter.source)}`);
  if (filter.available !== undefined) where.push(sql`u.available = ${filter.available}`);
  const filtered = where.length ? sql`where ${join(where, ' and ')}` : empty;
  return rows<ObsUnitView>(db, sql`select ${OBS_UNIT_COLUMNS} ${OBS_UNIT_FROM} ${filtered} order by u.name`);
}

/** An obs unit with its observation configuration; exit 4 with the nearest name when there is none. */
export async function showObsUnit(db: Queryable, name: string): Promise<ObsUnitDetail> {
  const id = await obsUnitId(db, name);
  const { configurationId, ...unit } = (await one<ObsUnitView & { configurationId: number | null }>(
    db,
    sql`select ${OBS_UNIT_COLUMNS}, u.observation_configuration_id as "configurationId" ${OBS_UNIT_FROM}
         where u.id = ${id}`,
  ))!;
  return {
    ...unit,
    observationConfiguration:
      configurationId === null ? null : await describeObservationConfiguration(db, configurationId),
  };
}
