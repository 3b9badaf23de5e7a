import sql from 'sql-template-tag';
import type { Status } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { movementConditions, type MovementFilter } from './movement-filters.js';
import { packageId } from './names.js';
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

export interface ArchiveFilter extends MovementFilter {
  /** A raw data package: its name, id or id prefix (exit 4 when there is none). */
  package?: string;
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
  const where = await movementConditions(db, 'a', filter, now);
  if (filter.package !== undefined) {
    where.push(sql`a.raw_data_package_id = ${await packageId(db, filter.package)}::uuid`);
  }
  return {
    noun: 'archive transfer',
    select: ARCHIVE_SELECT,
    where,
    key: ['a.id'],
    sortKey: 'id',
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
