import sql, { raw, type Sql } from 'sql-template-tag';
import type { PhysicalCopyStatus } from '../../entities/enums.js';
import { NotFound } from '../errors.js';
import type { FileRow } from './file-list.js';
import { one, rows, type Queryable } from './queryable.js';
import { resolveId } from './short-id.js';

/** A physical copy as the `show` commands list it under its item. */
export interface ItemCopy {
  id: number;
  /** `SITE/NAME`. */
  location: string;
  status: PhysicalCopyStatus;
  verifiedAt: Date | null;
  deletedAt: Date | null;
  /** Its path within the location (the copy's own where it differs from the item's). */
  path: string;
}

export interface FileDetail extends FileRow {
  obsUnit: string;
  program: string;
  updatedAt: Date;
  /** Every physical copy, deleted ones too, oldest first. */
  copies: ItemCopy[];
}

/** Every copy of one file or package (`column`: its reference in `physical_copy`), oldest first. */
export function itemCopiesSql(column: 'raw_data_file_id' | 'raw_data_package_id', id: string, path: string): Sql {
  return sql`select c.id, s.short_name || '/' || l.name as location, c.status, c.verified_at as "verifiedAt",
                    c.deleted_at as "deletedAt", coalesce(c.relative_path, ${path}) as path
               from physical_copy c
               join data_location l on l.id = c.data_location_id join site s on s.id = l.site_id
              where c.${raw(column)} = ${id}::uuid
              order by c.id`;
}

/** One raw data file with every physical copy; exit 4 when there is none. */
export async function showFile(db: Queryable, id: string): Promise<FileDetail> {
  const uuid = await resolveId(db, 'file', id);
  const file = await one<Omit<FileDetail, 'copies'>>(
    db,
    sql`select f.id, f.relative_path as "relativePath", f.executed_obs_unit_id as executed, o.name as "obsUnit",
               pr.short_name as program, i.name || '/' || m.name as module, p.name as package,
               f.size_bytes as "sizeBytes", f.checksum_algorithm as "checksumAlgorithm", f.checksum,
               f.created_at as "createdAt", f.updated_at as "updatedAt"
          from raw_data_file f
          join instrument_module m on m.id = f.instrument_module_id join instrument i on i.id = m.instrument_id
          left join raw_data_package p on p.id = f.raw_data_package_id
          join executed_obs_unit e on e.id = f.executed_obs_unit_id
          join obs_unit o on o.id = e.obs_unit_id
          join observing_program pr on pr.id = o.observing_program_id
         where f.id = ${uuid}::uuid`,
  );
  if (!file) throw new NotFound(`no raw data file ${id}`, ['list them with `ccat-ops file list`']);
  const copies = await rows<ItemCopy>(db, itemCopiesSql('raw_data_file_id', uuid, file.relativePath));
  return { ...file, copies };
}
