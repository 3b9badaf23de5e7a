import sql, { type Sql } from 'sql-template-tag';
import type { Status } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { siteOrLocationIds } from './names.js';
import type { Queryable } from './queryable.js';

export interface ArchiveTransferRow {
  id: number;
  package: string;
  origin: string;
  destination: string;
  status: Status;
  retryCount: number;
  sizeBytes: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  errorMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ArchiveFilter {
  status?: Status[];
  package?: string;
  origin?: string;
  destination?: string;
  since?: Date;
  until?: Date;
  stuckForMs?: number;
}

export const ARCHIVE_SELECT = sql`
  select a.id, p.name as package,
         os.short_name || '/' || ol.name as origin, ds.short_name || '/' || dl.name as destination,
         a.status, a.retry_count as "retryCount", p.size_bytes as "sizeBytes",
         a.started_at as "startedAt", a.finished_at as "finishedAt", a.error_message as "errorMessage",
         a.created_at as "createdAt", a.updated_at as "updatedAt"
    from long_term_archive_transfer a
    join raw_data_package p on p.id = a.raw_data_package_id
    join data_location ol on ol.id = a.origin_location_id join site os on os.id = ol.site_id
    join data_location dl on dl.id = a.destination_location_id join site ds on ds.id = dl.site_id`;

/** Filters → the keyset list of long-term-archive transfers, newest first by id. */
export async function archiveList(db: Queryable, filter: ArchiveFilter, now = new Date()): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.status?.length) where.push(sql`a.status = any(${filter.status}::text[])`);
  if (filter.package !== undefined) {
    where.push(sql`a.raw_data_package_id = (select id from raw_data_package where name = ${filter.package})`);
  }
  if (filter.origin !== undefined) {
    where.push(sql`a.origin_location_id = any(${await siteOrLocationIds(db, filter.origin, 'origin')}::int[])`);
  }
  if (filter.destination !== undefined) {
    const ids = await siteOrLocationIds(db, filter.destination, 'destination');
    where.push(sql`a.destination_location_id = any(${ids}::int[])`);
  }
  if (filter.since) where.push(sql`a.created_at >= ${filter.since}`);
  if (filter.until) where.push(sql`a.created_at < ${filter.until}`);
  if (filter.stuckForMs !== undefined) {
    where.push(sql`a.status <> 'completed'`);
    where.push(sql`a.updated_at < ${new Date(now.getTime() - filter.stuckForMs)}`);
  }
  return {
    noun: 'archive transfer',
    select: ARCHIVE_SELECT,
    where,
    key: ['a.id'],
    keyOf: (id) => sql`${id}::bigint`,
    exists: (id) => sql`(select 1 from long_term_archive_transfer where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
}

export async function listArchiveTransfers(
  db: Queryable,
  filter: ArchiveFilter,
  page: PageRequest,
): Promise<Page<ArchiveTransferRow>> {
  return fetchPage<ArchiveTransferRow>(db, await archiveList(db, filter), page);
}
