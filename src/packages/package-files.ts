import sql from 'sql-template-tag';
import { Conflict, NotFound, UsageError } from '../errors.js';
import { locationId } from '../views/names.js';
import { one, rows, type Queryable } from '../views/queryable.js';
import type { PackageRequest } from './package-create.js';

/**
 * Which files the package of one (execution, module) holds, and where they are: every raw data file
 * of the pair, each with a present copy at the one location it is packed from.
 */

export interface PackedFile {
  id: string;
  /** The file's path at the location (its copy's own path, else the file's). */
  path: string;
  sizeBytes: number;
  /** The file's recorded checksum and its algorithm: what its bytes in the tar must hash to. */
  checksum: string;
  checksumAlgorithm: string;
  packageId: string | null;
  packageName: string | null;
}

/**
 * The location to pack from: `--location`, or the one location where the files have present
 * copies; at several, the one `choose` picks, else exit 2 listing them. Exit 4 when they are nowhere.
 */
export async function packingLocation(
  db: Queryable,
  executed: string,
  module: number,
  moduleKey: string,
  key: string | undefined,
  choose: PackageRequest['chooseLocation'],
): Promise<{ id: number; key: string }> {
  if (key !== undefined) return { id: await locationId(db, key, 'location'), key };
  const at = await rows<{ id: number; key: string; files: number }>(
    db,
    sql`select l.id, s.short_name || '/' || l.name as key, count(distinct f.id) as files
          from raw_data_file f
          join physical_copy c on c.raw_data_file_id = f.id and c.status = 'present'
          join data_location l on l.id = c.data_location_id join site s on s.id = l.site_id
         where f.executed_obs_unit_id = ${executed}::uuid and f.instrument_module_id = ${module}
         group by l.id, s.short_name, l.name order by files desc, key`,
  );
  if (at.length === 1) return at[0];
  if (at.length === 0) {
    const any = await one<{ n: number }>(
      db,
      sql`select count(*) as n from raw_data_file where executed_obs_unit_id = ${executed}::uuid and instrument_module_id = ${module}`,
    );
    if (any!.n === 0) throw noFiles(executed, moduleKey);
    throw new NotFound(
      `none of the ${any!.n} raw data file(s) of ${moduleKey} in execution ${executed} has a present copy anywhere; nothing written`,
      [`see them with \`ccat-ops file list --executed ${executed.slice(0, 8)}\``],
    );
  }
  if (choose) {
    const chosen = await choose(at.map(({ key, files }) => ({ key, files })));
    return { id: await locationId(db, chosen, 'location'), key: chosen };
  }
  throw new UsageError(
    `the files of ${moduleKey} in execution ${executed} are at ${at.length} locations (${at.map((a) => `${a.key}: ${a.files}`).join(', ')}); say which with --location`,
    [`--location ${at[0].key}`],
  );
}

/** The files of the (execution, module) with a present copy at the location, each by its path there. */
export async function filesAt(
  db: Queryable,
  executed: string,
  module: number,
  location: number,
): Promise<PackedFile[]> {
  return rows<PackedFile>(
    db,
    sql`select f.id::text, coalesce(c.relative_path, f.relative_path) as path, f.size_bytes as "sizeBytes",
               f.checksum, f.checksum_algorithm as "checksumAlgorithm", f.raw_data_package_id::text as "packageId", p.name as "packageName"
          from raw_data_file f
          join physical_copy c on c.raw_data_file_id = f.id and c.data_location_id = ${location} and c.status = 'present'
          left join raw_data_package p on p.id = f.raw_data_package_id
         where f.executed_obs_unit_id = ${executed}::uuid and f.instrument_module_id = ${module}
         order by path, f.id`,
  );
}

/**
 * Exit 1 when files of the (execution, module) have no present copy at the location: a package
 * has all of them. Says how many, and where they are instead.
 */
export async function missingAt(
  db: Queryable,
  executed: string,
  module: number,
  location: { id: number; key: string },
) {
  const missing = await rows<{ path: string; at: string | null }>(
    db,
    sql`select f.relative_path as path,
               (select string_agg(s.short_name || '/' || l.name || ' (' || c.status || ')', ', ' order by s.short_name, l.name)
                  from physical_copy c join data_location l on l.id = c.data_location_id join site s on s.id = l.site_id
                 where c.raw_data_file_id = f.id and c.status <> 'deleted') as at
          from raw_data_file f
         where f.executed_obs_unit_id = ${executed}::uuid and f.instrument_module_id = ${module}
           and not exists (select 1 from physical_copy c where c.raw_data_file_id = f.id
                             and c.data_location_id = ${location.id} and c.status = 'present')
         order by f.relative_path`,
  );
  if (missing.length === 0) return;
  const where = new Map<string, number>();
  for (const m of missing)
    where.set(m.at ?? 'no live copy anywhere', (where.get(m.at ?? 'no live copy anywhere') ?? 0) + 1);
  throw new Conflict(
    `${missing.length} file(s) of this execution and module have no present copy at ${location.key} ` +
      `(${[...where].map(([at, n]) => `${n} at ${at}`).join('; ')}), e.g. ${missing[0].path}; nothing written`,
    ['pack them where they all are (--location), or register the missing copies there with `ccat-ops file register`'],
  );
}

export const noFiles = (executed: string, moduleKey: string) =>
  new NotFound(`execution ${executed} has no raw data files of ${moduleKey}; nothing written`, [
    'register them first with `ccat-ops file register`',
  ]);
