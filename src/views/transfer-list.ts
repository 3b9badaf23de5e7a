import sql, { type Sql } from 'sql-template-tag';
import { Status } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { routeId, siteOrLocationIds } from './names.js';
import type { Queryable } from './queryable.js';

export interface TransferRow {
  id: number;
  package: string;
  route: string | null;
  origin: string;
  destination: string;
  status: Status;
  unpackStatus: Status;
  retryCount: number;
  sizeBytes: number | null;
  bytesTransferred: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  errorMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TransferFilter {
  status?: Status[];
  route?: string;
  /** A site short name (any of its locations) or `SITE/NAME`. */
  origin?: string;
  destination?: string;
  since?: Date;
  until?: Date;
  /** Not completed and not updated for this long (ms). */
  stuckForMs?: number;
}

/** The columns every transfer view shows, in the shape of `TransferRow`. */
export const TRANSFER_SELECT = sql`
  select t.id, p.name as package, r.name as route,
         os.short_name || '/' || ol.name as origin, ds.short_name || '/' || dl.name as destination,
         t.status, t.unpack_status as "unpackStatus", t.retry_count as "retryCount",
         p.size_bytes as "sizeBytes", t.bytes_transferred as "bytesTransferred",
         t.started_at as "startedAt", t.finished_at as "finishedAt", t.error_message as "errorMessage",
         t.created_at as "createdAt", t.updated_at as "updatedAt"
    from data_transfer t
    join data_transfer_package p on p.id = t.data_transfer_package_id
    join data_location ol on ol.id = t.origin_location_id join site os on os.id = ol.site_id
    join data_location dl on dl.id = t.destination_location_id join site ds on ds.id = dl.site_id
    left join data_transfer_route r on r.id = t.route_id`;

/** Filters → the keyset list of transfers (names resolved to ids first: unknown ones exit 4). */
export async function transferList(db: Queryable, filter: TransferFilter, now = new Date()): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.status?.length) where.push(sql`t.status = any(${filter.status}::text[])`);
  if (filter.route !== undefined) where.push(sql`t.route_id = ${await routeId(db, filter.route)}`);
  if (filter.origin !== undefined) {
    where.push(sql`t.origin_location_id = any(${await siteOrLocationIds(db, filter.origin, 'origin')}::int[])`);
  }
  if (filter.destination !== undefined) {
    const ids = await siteOrLocationIds(db, filter.destination, 'destination');
    where.push(sql`t.destination_location_id = any(${ids}::int[])`);
  }
  if (filter.since) where.push(sql`t.created_at >= ${filter.since}`);
  if (filter.until) where.push(sql`t.created_at < ${filter.until}`);
  if (filter.stuckForMs !== undefined) {
    where.push(sql`t.status <> 'completed'`);
    where.push(sql`t.updated_at < ${new Date(now.getTime() - filter.stuckForMs)}`);
  }
  return {
    noun: 'transfer',
    select: TRANSFER_SELECT,
    where,
    key: ['t.id'],
    keyOf: (id) => sql`${id}::bigint`,
    exists: (id) => sql`(select 1 from data_transfer where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
}

export async function listTransfers(
  db: Queryable,
  filter: TransferFilter,
  page: PageRequest,
): Promise<Page<TransferRow>> {
  return fetchPage<TransferRow>(db, await transferList(db, filter), page);
}
