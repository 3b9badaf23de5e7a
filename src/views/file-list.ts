import sql, { type Sql } from 'sql-template-tag';
import type { ChecksumAlgorithm } from '../../entities/enums.js';
import { fetchPage, type KeysetList, type Page, type PageRequest } from './keyset.js';
import { executedId, locationId, moduleId, packageId, programId } from './names.js';
import type { Queryable } from './queryable.js';

export interface FileRow {
  id: string;
  relativePath: string;
  /** `INSTRUMENT/MODULE`. */
  module: string;
  /** The raw data package it is packed in, if any yet. */
  package: string | null;
  executed: string;
  sizeBytes: number;
  checksumAlgorithm: ChecksumAlgorithm;
  checksum: string;
  createdAt: Date;
}

export interface FileFilter {
  /** An executed obs unit id. */
  executed?: string;
  /** `NAME` or `INSTRUMENT/NAME`. */
  module?: string;
  /** A raw data package name (or id). */
  package?: string;
  /** A programme short name (through the executed obs unit's obs unit). */
  program?: string;
  /** `SITE/NAME`: only files with a live copy there. */
  location?: string;
  since?: Date;
  until?: Date;
}

/** The columns every raw-data-file view shows, in the shape of `FileRow`. */
export const FILE_SELECT = sql`
  select f.id, f.relative_path as "relativePath", i.name || '/' || m.name as module, p.name as package,
         f.executed_obs_unit_id as executed, f.size_bytes as "sizeBytes",
         f.checksum_algorithm as "checksumAlgorithm", f.checksum, f.created_at as "createdAt"
    from raw_data_file f
    join instrument_module m on m.id = f.instrument_module_id
    join instrument i on i.id = m.instrument_id
    left join raw_data_package p on p.id = f.raw_data_package_id`;

/** Filters → the keyset list of raw data files, newest first (unknown names and ids exit 4). */
export async function fileList(db: Queryable, filter: FileFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.executed !== undefined) {
    where.push(sql`f.executed_obs_unit_id = ${await executedId(db, filter.executed)}::uuid`);
  }
  if (filter.module !== undefined) where.push(sql`f.instrument_module_id = ${await moduleId(db, filter.module)}`);
  if (filter.package !== undefined) {
    where.push(sql`f.raw_data_package_id = ${await packageId(db, filter.package)}::uuid`);
  }
  if (filter.program !== undefined) {
    const program = await programId(db, filter.program);
    where.push(sql`exists (select 1 from executed_obs_unit e join obs_unit o on o.id = e.obs_unit_id
                            where e.id = f.executed_obs_unit_id and o.observing_program_id = ${program})`);
  }
  if (filter.location !== undefined) {
    const location = await locationId(db, filter.location, 'location');
    where.push(sql`exists (select 1 from physical_copy c where c.raw_data_file_id = f.id
                              and c.data_location_id = ${location} and c.status <> 'deleted')`);
  }
  if (filter.since) where.push(sql`f.created_at >= ${filter.since}`);
  if (filter.until) where.push(sql`f.created_at < ${filter.until}`);
  return {
    noun: 'file',
    select: FILE_SELECT,
    where,
    key: ['f.created_at', 'f.id'],
    sortKey: 'createdAt',
    keyOf: (id) => sql`(select created_at, id from raw_data_file where id = ${id}::uuid)`,
    exists: (id) => sql`(select 1 from raw_data_file where id = ${id}::uuid)`,
    idFormat: 'uuid',
  };
}

export async function listFiles(db: Queryable, filter: FileFilter, page: PageRequest): Promise<Page<FileRow>> {
  return fetchPage<FileRow>(db, await fileList(db, filter), page);
}
