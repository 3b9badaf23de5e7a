import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { seedDatabase } from '../../src/seed/seed-database.js';
import type { TestDatabase } from './test-database.js';

/** An executed obs unit the audit fixtures file their raw data files under. */
export const EXECUTED = '00000000-0000-4000-8000-00000000a0d1';

export interface AuditPlace {
  root: string;
  /** `cologne/NAME`. */
  key: string;
  id: number;
}

/**
 * A disk location `cologne/NAME` whose root is a new temporary directory (the seed's locations point
 * at paths that do not exist here), and, once per database, the executed obs unit files belong to.
 */
export async function auditPlace(db: TestDatabase, name: string): Promise<AuditPlace> {
  const root = mkdtempSync(join(tmpdir(), `ccat-audit-${name}-`));
  await db.query(`
    insert into source (name, source_type, ra_deg, dec_deg) values ('audit-src', 'fixed', 1, 2) on conflict do nothing;
    insert into obs_unit (name, observing_program_id, source_id, obs_mode_id, priority)
    select 'audit-ou', (select min(id) from observing_program), (select id from source where name = 'audit-src'),
           (select min(id) from obs_mode), 1
    where not exists (select 1 from obs_unit where name = 'audit-ou');
    insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time)
    select '${EXECUTED}', (select id from obs_unit where name = 'audit-ou'), 'completed', now(), now()
    where not exists (select 1 from executed_obs_unit where id = '${EXECUTED}')`);
  const [loc] = await db.query<{ id: number }>(
    `insert into data_location (site_id, name, location_type, storage_type, root_path)
     values ((select id from site where short_name = 'cologne'), $1, 'buffer', 'disk', $2) returning id`,
    [name, root],
  );
  return { root, key: `cologne/${name}`, id: loc.id };
}

export interface PlacedFile {
  path: string;
  content: Buffer;
  algorithm?: string;
  /** Recorded checksum (default: the content's, with `algorithm`). */
  checksum?: string;
  /** Recorded size (default: the content's). */
  size?: number;
  /** Only recorded, not written to disk. */
  onlyInDb?: boolean;
  verifiedAt?: string;
}

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Writes the files under the place's root and records each as a raw data file with a copy there; returns copy ids by path. */
export async function placeFiles(
  db: TestDatabase,
  place: AuditPlace,
  files: PlacedFile[],
): Promise<Record<string, string>> {
  for (const f of files) {
    if (f.onlyInDb) continue;
    mkdirSync(dirname(join(place.root, f.path)), { recursive: true });
    writeFileSync(join(place.root, f.path), f.content);
  }
  const rows = await db.query<{ id: string; path: string }>(
    `with f as (
       insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
       select $1::uuid, (select min(id) from instrument_module), p, s, c, a
         from unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) as t(p, s, c, a)
       returning id, relative_path),
     c as (
       insert into physical_copy (copy_type, raw_data_file_id, data_location_id, verified_at)
       select 'raw_data_file', f.id, $6, v.v from f join unnest($2::text[], $7::timestamptz[]) as v(p, v) on v.p = f.relative_path
       returning id, raw_data_file_id)
     select c.id::text, f.relative_path as path from c join f on f.id = c.raw_data_file_id`,
    [
      EXECUTED,
      files.map((f) => f.path),
      files.map((f) => f.size ?? f.content.length),
      files.map((f) => f.checksum ?? (f.algorithm && f.algorithm !== 'sha256' ? '' : sha256(f.content))),
      files.map((f) => f.algorithm ?? 'sha256'),
      place.id,
      files.map((f) => f.verifiedAt ?? null),
    ],
  );
  return Object.fromEntries(rows.map((r) => [r.path, r.id]));
}

/** `n` files of `bytes` random-ish bytes each (`dir/f0007.dat`…). */
export function someFiles(n: number, bytes: number, dir = 'data'): PlacedFile[] {
  return Array.from({ length: n }, (_, i) => {
    const content = Buffer.alloc(bytes, `${dir}-${i}-`);
    return { path: `${dir}/f${String(i).padStart(4, '0')}.dat`, content };
  });
}

/**
 * For a `describe` of the audit's database code: the test database seeded with the reference data,
 * and a small pool on it (what the audit's workers use); `pool()` is valid inside the tests.
 */
export function useSeededPool(db: TestDatabase): () => pg.Pool {
  let pool: pg.Pool;
  before(async () => {
    await seedDatabase((await db.em()) as never);
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    pool.on('error', () => undefined); // the database is dropped (with its connections) before this pool ends
  });
  after(() => pool.end());
  return () => pool;
}
