import sql, { type Sql } from 'sql-template-tag';
import type { ExecutedObsUnitStatus } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { obsUnitId, programId } from './names.js';
import type { Queryable } from './queryable.js';

export interface ExecutedRow {
  id: string;
  obsUnit: string;
  program: string;
  status: ExecutedObsUnitStatus;
  startTime: Date;
  endTime: Date | null;
  /** Raw data files it produced. */
  files: number;
  /** Raw data packages of its files. */
  packages: number;
}

export interface ExecutedFilter {
  obsUnit?: string;
  /** A programme short name. */
  program?: string;
  status?: ExecutedObsUnitStatus[];
  /** On the start time. */
  since?: Date;
  until?: Date;
}

/** The columns every executed-obs-unit view shows, in the shape of `ExecutedRow`. */
export const EXECUTED_SELECT = sql`
  select e.id, o.name as "obsUnit", pr.short_name as program, e.status,
         e.start_time as "startTime", e.end_time as "endTime",
         (select count(*) from raw_data_file f where f.executed_obs_unit_id = e.id) as files,
         (select count(*) from raw_data_package p where p.executed_obs_unit_id = e.id) as packages
    from executed_obs_unit e
    join obs_unit o on o.id = e.obs_unit_id
    join observing_program pr on pr.id = o.observing_program_id`;

/** Filters → the keyset list of executed obs units, newest start first (unknown names exit 4). */
export async function executedList(db: Queryable, filter: ExecutedFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.obsUnit !== undefined) where.push(sql`e.obs_unit_id = ${await obsUnitId(db, filter.obsUnit)}`);
  if (filter.program !== undefined) where.push(sql`o.observing_program_id = ${await programId(db, filter.program)}`);
  if (filter.status?.length) where.push(sql`e.status = any(${filter.status}::text[])`);
  if (filter.since) where.push(sql`e.start_time >= ${filter.since}`);
  if (filter.until) where.push(sql`e.start_time < ${filter.until}`);
  return {
    noun: 'execution',
    select: EXECUTED_SELECT,
    where,
    key: ['e.start_time', 'e.id'],
    sortKey: 'startTime',
    keyOf: (id) => sql`(select start_time, id from executed_obs_unit where id = ${id}::uuid)`,
    exists: (id) => sql`(select 1 from executed_obs_unit where id = ${id}::uuid)`,
    idFormat: 'uuid',
  };
}

export async function listExecuted(
  db: Queryable,
  filter: ExecutedFilter,
  page: PageRequest,
): Promise<Page<ExecutedRow>> {
  return fetchPage<ExecutedRow>(db, await executedList(db, filter), page);
}
