import sql, { join, raw, type Sql } from 'sql-template-tag';
import { NotFound, UsageError } from '../errors.js';
import Cursor from 'pg-cursor';
import { isBigintId } from '../validation/ranges.js';
import { isUuid } from './names.js';
import { rows, VIEW_TYPES, type Queryable } from './queryable.js';
import type { CopyStream, TextChunk } from './copy-stream.js';

/** Newest first (the default: what on-call looks at) or oldest first. */
export const ORDERS = ['newest', 'oldest'] as const;
export type Order = (typeof ORDERS)[number];

export interface PageRequest {
  /** The id of the last row already seen: the page starts right after it. */
  after?: string;
  limit: number;
  order?: Order;
}

export interface Page<R> {
  items: R[];
  /** Pass as `--after` for the next page; null on the last page. */
  next: string | null;
}

/**
 * A list read page by page with keyset pagination: the rows come in the order of `key` (unique,
 * served by an index) and a page starts after the key of the row whose id is `after`, so page 1000
 * costs what page 1 costs.
 */
export interface KeysetList {
  /** What is listed, for messages (`transfer`). */
  noun: string;
  /** Its plural, where adding an `s` would not do (`copies`). */
  plural?: string;
  /** `select … from … join …`, without where, order or limit. */
  select: Sql;
  where: Sql[];
  /** Key columns, most significant first; the last is the row's unique id (`t.created_at`, `t.id`). */
  key: string[];
  /** The key of the row with this id, as a row value (`(select created_at, id from … where id = $1)`). */
  keyOf(id: string): Sql;
  /** Whether a row with this id exists (to tell an unknown `--after` from a last page). */
  exists(id: string): Sql;
  idFormat: 'bigint' | 'uuid';
  /** The JSON key of the column the key orders by (`id`, `createdAt`): what `--sort` may name besides newest/oldest. */
  sortKey: string;
}

/**
 * `--sort` of a paged list as an order: `newest`, `oldest`, or the key the list is paged by
 * (`id` = oldest first, `-id` = newest first). Any other column is refused: only the indexed order
 * pages in constant time on a big table.
 */
export function keysetOrder(list: KeysetList, sort: string, columnKeys: readonly string[]): Order {
  if ((ORDERS as readonly string[]).includes(sort)) return sort as Order;
  if (sort === list.sortKey) return 'oldest';
  if (sort === `-${list.sortKey}`) return 'newest';
  const allowed = `${ORDERS.join(', ')}, ${list.sortKey}, -${list.sortKey}`;
  const nouns = list.plural ?? `${list.noun}s`;
  throw new UsageError(
    columnKeys.includes(sort.replace(/^-/, ''))
      ? `--sort: ${nouns} sort only by their indexed order, not by '${sort}'; use one of: ${allowed}`
      : `--sort: unknown column '${sort}'; use one of: ${allowed}`,
    ['filter instead (see --help), or sort the output of --output csv|ndjson'],
  );
}

function checkAfter(list: KeysetList, after: string): void {
  const ok = list.idFormat === 'bigint' ? isBigintId(after) : isUuid(after);
  if (!ok) {
    const shape = list.idFormat === 'bigint' ? 'a number' : 'a UUID';
    throw new UsageError(
      `--after: '${after}' is not ${/^[aeiou]/i.test(list.noun) ? 'an' : 'a'} ${list.noun} id (${shape}); pass the id of the last row you saw`,
    );
  }
}

/** The SQL of one page: `limit` rows after `after`, in key order. */
export function pageSql(list: KeysetList, req: { after?: string; limit?: number; order?: Order }): Sql {
  const desc = (req.order ?? 'newest') === 'newest';
  const where = [...list.where];
  if (req.after !== undefined) {
    checkAfter(list, req.after);
    where.push(sql`(${raw(list.key.join(', '))}) ${raw(desc ? '<' : '>')} ${list.keyOf(req.after)}`);
  }
  const order = raw(list.key.map((k) => `${k} ${desc ? 'desc' : 'asc'}`).join(', '));
  const filter = where.length ? sql`where ${join(where, ' and ')}` : sql``;
  const limit = req.limit === undefined ? sql`` : sql`limit ${req.limit}`;
  return sql`${list.select} ${filter} order by ${order} ${limit}`;
}

/** One page, and the cursor of the next one. */
export async function fetchPage<R extends { id: string | number }>(
  db: Queryable,
  list: KeysetList,
  req: PageRequest,
): Promise<Page<R>> {
  const found = (await rows(db, pageSql(list, { ...req, limit: req.limit + 1 }))) as R[];
  if (found.length === 0 && req.after !== undefined) await assertExists(db, list, req.after);
  const more = found.length > req.limit;
  const items = more ? found.slice(0, req.limit) : found;
  return { items, next: more ? String(items[items.length - 1].id) : null };
}

export interface StreamRequest {
  after?: string;
  order?: Order;
  limit?: number;
  /** Rows per read (default 5000). */
  batch?: number;
}

/**
 * The same rows as `streamRows`, read with COPY and rewritten as text by `open` (`jsonLines`, or
 * `csvRecords` of some columns); undefined when the list has a column that cannot be rendered so.
 */
export async function streamCopyText(
  db: Queryable,
  list: KeysetList,
  req: StreamRequest,
  open: (db: Queryable, query: Sql) => Promise<CopyStream | undefined>,
): Promise<AsyncGenerator<TextChunk> | undefined> {
  const copy = await open(db, pageSql(list, req));
  if (!copy) return undefined;
  return (async function* () {
    let rows = 0;
    for await (const chunk of copy.chunks()) {
      rows += chunk.rows;
      yield chunk;
    }
    if (rows === 0 && req.after !== undefined) await assertExists(db, list, req.after);
  })();
}

/**
 * Every row, in batches of `batch` read through one server-side cursor over the list's query, so
 * memory stays constant however many rows there are; the next batch is read while the caller
 * writes the current one. `limit` caps the total (unlimited when absent).
 */
export async function* streamRows<R extends { id: string | number }>(
  db: Queryable,
  list: KeysetList,
  req: StreamRequest,
): AsyncGenerator<R[]> {
  const batch = req.batch ?? 5000;
  const query = pageSql(list, req);
  const cursor = db.query(new Cursor<R>(query.text, query.values, { types: VIEW_TYPES }));
  let open = true;
  try {
    const read = () => {
      const promise = cursor.read(batch);
      promise.catch(() => undefined); // awaited below; this only keeps an abandoned read from going unhandled
      return promise;
    };
    let next = read();
    let first = true;
    for (;;) {
      const found = await next;
      if (first && found.length === 0 && req.after !== undefined) {
        await cursor.close();
        open = false;
        await assertExists(db, list, req.after);
      }
      first = false;
      if (found.length < batch) {
        if (found.length > 0) yield found;
        return;
      }
      next = read();
      yield found;
    }
  } finally {
    if (open) await cursor.close();
  }
}

async function assertExists(db: Queryable, list: KeysetList, after: string): Promise<void> {
  const found = await rows(db, sql`select exists ${list.exists(after)} as present`);
  if (!found[0]?.present) {
    throw new NotFound(`--after: no ${list.noun} with id ${after}`, [
      'pass the id of the last row of the previous page (printed as the next --after)',
    ]);
  }
}
