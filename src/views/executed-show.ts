import sql from 'sql-template-tag';
import type { PackageState, Status } from '../../entities/enums.js';
import { NotFound } from '../errors.js';
import type { ExecutedRow } from './executed-list.js';
import { one, rows, type Queryable } from './queryable.js';
import { resolveId } from './short-id.js';

export interface ExecutedPackage {
  name: string;
  module: string;
  state: PackageState;
  status: Status;
  sizeBytes: number | null;
}

export interface ExecutedDetail extends Omit<ExecutedRow, 'packages'> {
  subProgram: string | null;
  /** The obs unit's observation configuration (name; `obs-unit show` has its details), or null. */
  observationConfiguration: string | null;
  /** PWV, weather… as the telescope recorded them. */
  conditions: Record<string, unknown> | null;
  /** Total size of its raw data files. */
  fileBytes: number;
  /**
   * `unfinished` while the `file register --obs-unit` run that recorded it has not finished (running
   * the same command again adds the rest of its files); null otherwise.
   */
  registration: 'unfinished' | null;
  createdAt: Date;
  updatedAt: Date;
  packages: ExecutedPackage[];
}

/**
 * One executed obs unit, by id or unique id prefix, with its conditions, file totals and packages;
 * exit 4 when there is none.
 */
export async function showExecuted(db: Queryable, id: string): Promise<ExecutedDetail> {
  const uuid = await resolveId(db, 'executed', id);
  const found = await one<Omit<ExecutedDetail, 'packages'>>(
    db,
    sql`select e.id, o.name as "obsUnit", pr.short_name as program, sp.short_name as "subProgram",
               oc.name as "observationConfiguration", e.status,
               e.start_time as "startTime", e.end_time as "endTime", e.conditions,
               (select count(*) from raw_data_file f where f.executed_obs_unit_id = e.id) as files,
               (select coalesce(sum(f.size_bytes), 0) from raw_data_file f where f.executed_obs_unit_id = e.id)
                 as "fileBytes",
               case when e.register_run is not null then 'unfinished' end as registration,
               e.created_at as "createdAt", e.updated_at as "updatedAt"
          from executed_obs_unit e
          join obs_unit o on o.id = e.obs_unit_id
          join observing_program pr on pr.id = o.observing_program_id
          left join sub_observing_program sp on sp.id = o.sub_observing_program_id
          left join observation_configuration oc on oc.id = o.observation_configuration_id
         where e.id = ${uuid}::uuid`,
  );
  if (!found) throw new NotFound(`no executed obs unit ${id}`, ['list them with `ccat-ops executed list`']);
  const packages = await rows<ExecutedPackage>(
    db,
    sql`select p.name, i.name || '/' || m.name as module, p.state, p.status, p.size_bytes as "sizeBytes"
          from raw_data_package p
          join instrument_module m on m.id = p.instrument_module_id join instrument i on i.id = m.instrument_id
         where p.executed_obs_unit_id = ${uuid}::uuid
         order by p.name`,
  );
  return { ...found, packages };
}
