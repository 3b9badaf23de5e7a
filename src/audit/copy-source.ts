import sql, { type Sql } from 'sql-template-tag';
import { copyText, inlineParameters } from '../views/copy-stream.js';
import { escapeCopy, unescapeCopy } from '../views/copy-text.js';
import { rows, type Queryable } from '../views/queryable.js';
import type { AuditModeName, CopyToCheck } from './copy-check.js';
import { pathKey } from './path-order.js';

/** Copies an audit checks: the database says the file is there (present or staged, not deleted). */
export const LIVE = sql`c.status in ('present', 'staged')`;

/** A copy with the path, size and checksum it should have: its own where set, else its item's. */
const COPY_COLUMNS = sql`c.id::text as id,
  coalesce(c.relative_path, f.relative_path, p.relative_path, d.relative_path) as path,
  coalesce(c.size_bytes, f.size_bytes, p.size_bytes, d.size_bytes) as size,
  case when c.checksum is not null then c.checksum else coalesce(f.checksum, p.checksum, d.checksum) end as checksum,
  case when c.checksum is not null then c.checksum_algorithm
       else coalesce(f.checksum_algorithm, p.checksum_algorithm, d.checksum_algorithm) end as algorithm`;

const COPY_FROM = sql`physical_copy c
  left join raw_data_file f on f.id = c.raw_data_file_id
  left join raw_data_package p on p.id = c.raw_data_package_id
  left join data_transfer_package d on d.id = c.data_transfer_package_id`;

type KeyedCopy = CopyToCheck & { vkey: string | null };

/**
 * The order in which a run hands out copies, and its cursor (the key of the last copy handed out):
 * by id for existence and size checks; for checksums the copies verified longest ago first (never
 * verified before all), leaving out those verified since the run started, so a sample or a budget
 * moves the oldest verification forward run after run. `detailed`: the copies come with their paths,
 * sizes and checksums (checksum mode, whose batches are cut by bytes); otherwise only their ids.
 */
export async function nextCopies(
  db: Queryable,
  run: { locationId: number; mode: AuditModeName; startedAt: string; cursor: string | null },
  limit: number,
): Promise<{ copies: CopyToCheck[]; cursor: string | null; detailed: boolean }> {
  const { locationId, mode, startedAt, cursor } = run;
  const query = (where: Sql, order: Sql, n: number) =>
    rows<KeyedCopy>(
      db,
      sql`select ${COPY_COLUMNS}, c.verified_at::text as vkey from ${COPY_FROM}
          where c.data_location_id = ${locationId} and ${LIVE} and ${where} order by ${order} limit ${n}`,
    );
  if (mode !== 'checksum') {
    // Ids only: handing out is done one allocator at a time, and the joins for paths and sizes
    // cost most; each worker reads its batch's details itself (`copiesById`), in parallel.
    const ids = await rows<{ id: string }>(
      db,
      sql`select c.id::text as id from physical_copy c
          where c.data_location_id = ${locationId} and ${LIVE} and c.id > ${cursor ?? '0'}::bigint
          order by c.id limit ${limit}`,
    );
    const copies = ids.map((r) => ({ id: r.id, path: '', size: null, checksum: null, algorithm: null }));
    return { copies, cursor: ids.length ? ids[ids.length - 1].id : cursor, detailed: false };
  }
  // Cursor `n|ID`: among the never verified, by id; `t|VERIFIED_AT|ID`: among the verified, by (verified_at, id).
  const [phase, ...rest] = (cursor ?? 'n|0').split('|');
  let copies: KeyedCopy[] = [];
  if (phase === 'n') {
    copies = await query(sql`c.verified_at is null and c.id > ${rest[0]}::bigint`, sql`c.id`, limit);
  }
  if (copies.length < limit) {
    const after =
      phase === 't' ? sql`and (c.verified_at, c.id) > (${rest[0]}::timestamptz, ${rest[1]}::bigint)` : sql``;
    copies = copies.concat(
      await query(
        sql`c.verified_at < ${startedAt}::timestamptz ${after}`,
        sql`c.verified_at, c.id`,
        limit - copies.length,
      ),
    );
  }
  return { copies, cursor: copies.length ? checksumCursor(copies[copies.length - 1]) : cursor, detailed: true };
}

/** The checksum-order cursor right after `copy` (`n|ID` never verified, `t|VERIFIED_AT|ID`). */
export function checksumCursor(copy: CopyToCheck & { vkey?: string | null }): string {
  return copy.vkey ? `t|${copy.vkey}|${copy.id}` : `n|${copy.id}`;
}

/**
 * Copies as a sweep reads them, a chunk at a time, as the COPY text the server sent (a million
 * objects would outlive the young generation and fill the heap, and most of a copy's cells are
 * only read on a stat thread): rows of id, path, size and whether the copy is live (to be checked;
 * else it only accounts for its path), tab-separated, text escaped (`unescapeCopy`).
 */
export interface SweptCopies {
  text: string;
  /** Where each row starts in `text`, and (last) where the text ends: one more than the rows. */
  starts: number[];
  /**
   * The rows' paths, unescaped, in path order only (the walk is merged against them); else empty.
   * Made when first asked for: the sweep's merge reads them where they are (`dark-merge-worker.ts`).
   */
  readonly paths: string[];
}

/** The id of row `i`. */
export function sweptId(copies: SweptCopies, i: number): string {
  const at = copies.starts[i];
  return copies.text.slice(at, copies.text.indexOf('\t', at));
}

/** The path of row `i`, unescaped. */
export function sweptPath(copies: SweptCopies, i: number): string {
  const at = copies.text.indexOf('\t', copies.starts[i]) + 1;
  return unescapeCopy(copies.text.slice(at, copies.text.indexOf('\t', at)));
}

/** Copies read from `text`: where its rows start, and (when asked for) their paths. */
export function sweptRows(text: string, byPath: boolean): SweptCopies {
  const starts: number[] = [];
  for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) starts.push(at);
  starts.push(text.length);
  let paths: string[] | undefined;
  return {
    text,
    starts,
    get paths() {
      paths ??= byPath ? starts.slice(1).map((_, i) => sweptPath(this, i)) : [];
      return paths;
    },
  };
}

/**
 * The location's copies after `after` in one of two orders: `path` (`path-order.ts`, the tree
 * walk's order, to merge against it) or `id` (when there is no walk: a sort of numbers costs the
 * server a fraction of a sort of paths, and the first rows come that much sooner). One query — the
 * location's copies joined to their items in one pass, then sorted by the server — read as COPY
 * text a chunk at a time, rather than a primary-key probe per copy. `held`: also the copies that
 * are not live but not deleted either, which account for their paths in the dark walk. `client`
 * must be a connection of its own for as long as the rows are read.
 */
export async function* sweptCopies(
  source: { client: Queryable } | { pool: Queryable },
  locationId: number,
  opts: { order: 'path' | 'id'; after: string | null; held: boolean },
): AsyncGenerator<SweptCopies> {
  const path = sql`coalesce(c.relative_path, f.relative_path, p.relative_path, d.relative_path)`;
  const byPath = opts.order === 'path';
  const key = byPath ? pathKey(sql`q.path`) : sql`q.id`;
  const after = opts.after === null ? null : byPath ? pathKey(sql`${opts.after}::text`) : sql`${opts.after}::bigint`;
  const query = sql`select q.id, q.path, q.size, q.live from (
      select c.id, ${path} as path, coalesce(c.size_bytes, f.size_bytes, p.size_bytes, d.size_bytes) as size,
             ${LIVE} as live
        from ${COPY_FROM}
       where c.data_location_id = ${locationId} and ${opts.held ? sql`c.status <> 'deleted'` : LIVE}) q
    ${after === null ? sql`` : sql`where ${key} > ${after}`}
    order by ${key}`;
  const texts =
    'pool' in source
      ? byCursor(source.pool, query)
      : // The sort of a million paths fits in memory at this size; compiling the query (JIT) gains nothing.
        copyText(source.client, query, [`work_mem = '256MB'`, 'jit = off']);
  for await (const text of texts) yield sweptRows(text, byPath);
}

/** Rows fetched from a cursor at a time. */
const FETCH = 10_000;

/**
 * `sweptCopies` on a database of one connection (the embedded one), which cannot stream a query
 * while the sweep records on it: a cursor kept across transactions (the server holds the rows),
 * fetched a chunk at a time between the records, as the text COPY would have sent.
 */
async function* byCursor(pool: Queryable, query: Sql): AsyncGenerator<string> {
  const cursor = 'ccat_ops_sweep';
  await pool.query(`declare ${cursor} no scroll cursor with hold for ${inlineParameters(query)}`);
  try {
    for (;;) {
      const fetched = await pool.query<[string, string, string | null, boolean]>({
        text: `fetch forward ${FETCH} from ${cursor}`,
        rowMode: 'array',
      });
      if (fetched.rows.length === 0) return;
      yield fetched.rows
        .map(([id, path, size, live]) => `${id}\t${escapeCopy(path)}\t${size ?? '\\N'}\t${live ? 't' : 'f'}\n`)
        .join('');
    }
  } finally {
    await pool.query(`close ${cursor}`).catch(() => undefined);
  }
}

/** The copies of a batch taken over from another worker (still live ones only). */
export function copiesById(db: Queryable, ids: string[]): Promise<CopyToCheck[]> {
  return rows<CopyToCheck>(
    db,
    sql`select ${COPY_COLUMNS} from ${COPY_FROM} where c.id = any(${ids}::bigint[]) and ${LIVE} order by c.id`,
  );
}

/** How many copies a run at this location would check. */
export async function countLiveCopies(db: Queryable, locationId: number): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*) as n from physical_copy c where c.data_location_id = ${locationId} and ${LIVE}`,
  );
  return row.n;
}

/** The live copies at a location and their bytes (their own sizes where set, else their items'). */
export async function liveBytes(db: Queryable, locationId: number): Promise<{ copies: number; bytes: number }> {
  const [row] = await rows<{ copies: number; bytes: string | null }>(
    db,
    sql`select count(*)::int as copies, sum(coalesce(c.size_bytes, f.size_bytes, p.size_bytes, d.size_bytes))::text as bytes
          from ${COPY_FROM} where c.data_location_id = ${locationId} and ${LIVE}`,
  );
  return { copies: row.copies, bytes: Number(row.bytes ?? 0) };
}

/**
 * Of `paths` (relative to the location's root), those no copy at the location accounts for: no
 * copy there with that path of its own, and no copy there of a file or package with that path.
 */
export async function unaccountedPaths(db: Queryable, locationId: number, paths: string[]): Promise<string[]> {
  const held = sql`c.data_location_id = ${locationId} and c.status <> 'deleted'`;
  const found = await rows<{ path: string }>(
    db,
    sql`select t.path from unnest(${paths}::text[]) as t(path)
        where not exists (select 1 from physical_copy c where c.relative_path = t.path and ${held})
          and not exists (select 1 from raw_data_file f join physical_copy c on c.raw_data_file_id = f.id
                          where f.relative_path = t.path and c.relative_path is null and ${held})
          and not exists (select 1 from raw_data_package p join physical_copy c on c.raw_data_package_id = p.id
                          where p.relative_path = t.path and c.relative_path is null and ${held})
          and not exists (select 1 from data_transfer_package d join physical_copy c on c.data_transfer_package_id = d.id
                          where d.relative_path = t.path and c.relative_path is null and ${held})`,
  );
  return found.map((r) => r.path);
}
