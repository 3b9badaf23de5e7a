import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256, type AuditPlace } from './audit-fixture.js';
import type { TestDatabase } from './test-database.js';

/**
 * An execution of the audit fixture's obs unit ('audit-ou', made by `auditPlace`) with the given id,
 * completed unless `status` says otherwise.
 */
export async function execution(db: TestDatabase, id: string, status = 'completed'): Promise<string> {
  await db.query(
    `insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time)
     values ($1, (select id from obs_unit where name = 'audit-ou'), $2, now() - interval '1 hour',
             case when $2 = 'running' then null else now() end)`,
    [id, status],
  );
  return id;
}

/**
 * Raw data files of (`executed`, `module` as INSTRUMENT/NAME), written under the place's root
 * (unless `onDisk` is false) with a present copy there; returns their ids by path.
 */
export async function filesOf(
  db: TestDatabase,
  place: AuditPlace,
  executed: string,
  module: string,
  files: Record<string, string>,
  opts: { onDisk?: boolean } = {},
): Promise<Record<string, string>> {
  const paths = Object.keys(files);
  if (opts.onDisk ?? true) {
    for (const p of paths) {
      mkdirSync(dirname(join(place.root, p)), { recursive: true });
      writeFileSync(join(place.root, p), files[p]);
    }
  }
  const rows = await db.query<{ id: string; path: string }>(
    `with f as (
       insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
       select $1::uuid, (select m.id from instrument_module m join instrument i on i.id = m.instrument_id
                          where i.name || '/' || m.name = $2), p, s, c, 'sha256'
         from unnest($3::text[], $4::bigint[], $5::text[]) as t(p, s, c)
       returning id, relative_path),
     c as (insert into physical_copy (copy_type, raw_data_file_id, data_location_id) select 'raw_data_file', id, $6 from f)
     select id::text, relative_path as path from f`,
    [
      executed,
      module,
      paths,
      paths.map((p) => Buffer.byteLength(files[p])),
      paths.map((p) => sha256(files[p])),
      place.id,
    ],
  );
  return Object.fromEntries(rows.map((r) => [r.path, r.id]));
}

/** The raw data packages, with their files' paths and their copies, as a user would check them. */
export async function packages(db: TestDatabase) {
  return db.query<{
    name: string;
    executed: string;
    module: string;
    relativePath: string;
    sizeBytes: number;
    checksum: string | null;
    checksumAlgorithm: string | null;
    state: string;
    status: string;
    files: string[];
    copies: { location: string; status: string; sizeBytes: number; checksum: string; checksumAlgorithm: string }[];
  }>(
    `select p.name, p.executed_obs_unit_id::text as executed, i.name || '/' || m.name as module,
            p.relative_path as "relativePath", p.size_bytes::int as "sizeBytes", p.checksum,
            p.checksum_algorithm as "checksumAlgorithm", p.state, p.status,
            array(select f.relative_path from raw_data_file f where f.raw_data_package_id = p.id order by 1) as files,
            coalesce((select json_agg(json_build_object('location', s.short_name || '/' || l.name, 'status', c.status,
                                                       'sizeBytes', c.size_bytes, 'checksum', c.checksum,
                                                       'checksumAlgorithm', c.checksum_algorithm))
                        from physical_copy c join data_location l on l.id = c.data_location_id join site s on s.id = l.site_id
                       where c.raw_data_package_id = p.id), '[]') as copies
       from raw_data_package p join instrument_module m on m.id = p.instrument_module_id
       join instrument i on i.id = m.instrument_id
      order by p.name`,
  );
}
