import sql from 'sql-template-tag';
import { Status } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { movementConditions, type MovementFilter } from './movement-filters.js';
import { routeId } from './names.js';
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

export interface TransferFilter extends MovementFilter {
  route?: string;
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
  const where = await movementConditions(db, 't', filter, now);
  if (filter.route !== undefined) where.push(sql`t.route_id = ${await routeId(db, filter.route)}`);
  return {
    noun: 'transfer',
    select: TRANSFER_SELECT,
    where,
    key: ['t.id'],
    sortKey: 'id',
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
