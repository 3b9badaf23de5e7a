import sql, { type Sql } from 'sql-template-tag';
import type { CopyType, PhysicalCopyStatus } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { locationId } from './names.js';
import type { Queryable } from './queryable.js';

export interface CopyRow {
  id: number;
  type: CopyType;
  /** The file's relative path, the package's name or the bundle's name. */
  item: string;
  /** `SITE/NAME`. */
  location: string;
  status: PhysicalCopyStatus;
  /** The copy's own size where recorded, else the item's. */
  sizeBytes: number | null;
  verifiedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
}

export interface CopyFilter {
  /** `SITE/NAME`. */
  location?: string;
  status?: PhysicalCopyStatus[];
  type?: CopyType;
  /** Include deleted copies (default: live ones only). */
  deleted?: boolean;
  since?: Date;
  until?: Date;
}

/**
 * The columns every physical-copy view shows, in the shape of `CopyRow`. Only primary-key joins per
 * row (one of the three item joins matches), so `--all` streams at the speed of the scan.
 */
export const COPY_SELECT = sql`
  select c.id, c.copy_type as type, coalesce(f.relative_path, p.name, b.name) as item,
         s.short_name || '/' || l.name as location, c.status,
         coalesce(c.size_bytes, f.size_bytes, p.size_bytes, b.size_bytes) as "sizeBytes",
         c.verified_at as "verifiedAt", c.deleted_at as "deletedAt", c.created_at as "createdAt"
    from physical_copy c
    join data_location l on l.id = c.data_location_id
    join site s on s.id = l.site_id
    left join raw_data_file f on f.id = c.raw_data_file_id
    left join raw_data_package p on p.id = c.raw_data_package_id
    left join data_transfer_package b on b.id = c.data_transfer_package_id`;

/** Filters → the keyset list of physical copies, newest first (unknown locations exit 4). */
export async function copyList(db: Queryable, filter: CopyFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.location !== undefined) {
    where.push(sql`c.data_location_id = ${await locationId(db, filter.location, 'location')}`);
  }
  if (filter.status?.length) where.push(sql`c.status = any(${filter.status}::text[])`);
  if (filter.type !== undefined) where.push(sql`c.copy_type = ${filter.type}`);
  if (!filter.deleted) where.push(sql`c.status <> 'deleted'`);
  if (filter.since) where.push(sql`c.created_at >= ${filter.since}`);
  if (filter.until) where.push(sql`c.created_at < ${filter.until}`);
  return {
    noun: 'copy',
    plural: 'copies',
    select: COPY_SELECT,
    where,
    key: ['c.id'],
    sortKey: 'id',
    keyOf: (id) => sql`${id}::bigint`,
    exists: (id) => sql`(select 1 from physical_copy where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
}

export async function listCopies(db: Queryable, filter: CopyFilter, page: PageRequest): Promise<Page<CopyRow>> {
  return fetchPage<CopyRow>(db, await copyList(db, filter), page);
}
