import sql, { type Sql } from 'sql-template-tag';
import type { PackageState, Status } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { executedId, locationId, moduleId, programId } from './names.js';
import type { Queryable } from './queryable.js';

export interface PackageRow {
  id: string;
  name: string;
  /** `INSTRUMENT/MODULE`. */
  module: string;
  /** The executed obs unit id. */
  executed: string;
  state: PackageState;
  status: Status;
  sizeBytes: number | null;
  retryCount: number;
  /** The data transfer package (bundle) it travels in, if bundled yet. */
  bundle: string | null;
  archivedAt: Date | null;
  createdAt: Date;
}

export interface PackageFilter {
  state?: PackageState[];
  status?: Status[];
  /** `NAME` or `INSTRUMENT/NAME`. */
  module?: string;
  /** An executed obs unit id. */
  executed?: string;
  /** A programme short name (through the executed obs unit's obs unit). */
  program?: string;
  /** `SITE/NAME`: only packages with a live copy there. */
  location?: string;
  since?: Date;
  until?: Date;
}

/** The columns every raw-data-package view shows, in the shape of `PackageRow`. */
export const PACKAGE_SELECT = sql`
  select p.id, p.name, i.name || '/' || m.name as module, p.executed_obs_unit_id as executed, p.state, p.status,
         p.size_bytes as "sizeBytes", p.retry_count as "retryCount", b.name as bundle,
         p.archived_at as "archivedAt", p.created_at as "createdAt"
    from raw_data_package p
    join instrument_module m on m.id = p.instrument_module_id
    join instrument i on i.id = m.instrument_id
    left join data_transfer_package b on b.id = p.data_transfer_package_id`;

/** Filters → the keyset list of raw data packages, newest first (unknown names and ids exit 4). */
export async function packageList(db: Queryable, filter: PackageFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.state?.length) where.push(sql`p.state = any(${filter.state}::text[])`);
  if (filter.status?.length) where.push(sql`p.status = any(${filter.status}::text[])`);
  if (filter.module !== undefined) where.push(sql`p.instrument_module_id = ${await moduleId(db, filter.module)}`);
  if (filter.executed !== undefined) {
    where.push(sql`p.executed_obs_unit_id = ${await executedId(db, filter.executed)}::uuid`);
  }
  if (filter.program !== undefined) {
    const program = await programId(db, filter.program);
    where.push(sql`exists (select 1 from executed_obs_unit e join obs_unit o on o.id = e.obs_unit_id
                            where e.id = p.executed_obs_unit_id and o.observing_program_id = ${program})`);
  }
  if (filter.location !== undefined) {
    const location = await locationId(db, filter.location, 'location');
    where.push(sql`exists (select 1 from physical_copy c where c.raw_data_package_id = p.id
                              and c.data_location_id = ${location} and c.status <> 'deleted')`);
  }
  if (filter.since) where.push(sql`p.created_at >= ${filter.since}`);
  if (filter.until) where.push(sql`p.created_at < ${filter.until}`);
  return {
    noun: 'package',
    select: PACKAGE_SELECT,
    where,
    key: ['p.created_at', 'p.id'],
    sortKey: 'createdAt',
    keyOf: (id) => sql`(select created_at, id from raw_data_package where id = ${id}::uuid)`,
    exists: (id) => sql`(select 1 from raw_data_package where id = ${id}::uuid)`,
    idFormat: 'uuid',
  };
}

export async function listPackages(db: Queryable, filter: PackageFilter, page: PageRequest): Promise<Page<PackageRow>> {
  return fetchPage<PackageRow>(db, await packageList(db, filter), page);
}
