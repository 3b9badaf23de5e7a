import sql, { raw } from 'sql-template-tag';
import { NotFound, UsageError } from '../errors.js';
import { rows, type Queryable } from './queryable.js';

/** The things whose ids are UUIDs, and so may be given by a unique prefix, like git's short hashes. */
const KINDS = {
  executed: { table: 'executed_obs_unit', noun: 'executed obs unit', article: 'an', list: 'executed list' },
  file: { table: 'raw_data_file', noun: 'raw data file', article: 'a', list: 'file list' },
  package: { table: 'raw_data_package', noun: 'raw data package', article: 'a', list: 'package list' },
} as const;

export type IdKind = keyof typeof KINDS;

/** The shortest prefix accepted: 8 hex digits, the first group of a UUID. */
export const MIN_PREFIX = 8;
/** Candidates named in the error for an ambiguous prefix. */
const SHOWN = 10;

/**
 * The 32 hex digits of `text` when it is a UUID or the start of one (dashes anywhere are ignored),
 * lower-cased; undefined when it is not (other characters, or more than 32 digits).
 */
function hexDigits(text: string): string | undefined {
  const hex = text.trim().replaceAll('-', '').toLowerCase();
  return /^[0-9a-f]{1,32}$/.test(hex) ? hex : undefined;
}

/** Whether `text` could be an id or a prefix of one long enough to be resolved. */
export function looksLikeId(text: string): boolean {
  return (hexDigits(text)?.length ?? 0) >= MIN_PREFIX;
}

const asUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * The full id of the `kind` whose id is `text` or starts with it (at least 8 characters): exit 2
 * for something that is no id or too short a prefix, exit 2 listing the candidates when several ids
 * start with it, exit 4 when none does. The lookup is a range over the primary key's index (a
 * UUID's order is its hex text's order), so it is as cheap with millions of rows as with ten.
 */
export async function resolveId(db: Queryable, kind: IdKind, text: string, flag?: string): Promise<string> {
  const k = KINDS[kind];
  const where = flag ? `--${flag}: ` : '';
  const hex = hexDigits(text);
  if (hex === undefined || hex.length < MIN_PREFIX) {
    throw new UsageError(
      `${where}'${text}' is not ${k.article} ${k.noun} id (a UUID, or at least its first ${MIN_PREFIX} characters)`,
      [`list them with \`ccat-ops ${k.list}\``],
    );
  }
  const low = asUuid(hex.padEnd(32, '0'));
  const high = asUuid(hex.padEnd(32, 'f'));
  const found = await rows<{ id: string }>(
    db,
    sql`select id::text as id from ${raw(k.table)} where id between ${low}::uuid and ${high}::uuid
         order by id limit ${SHOWN + 1}`,
  );
  if (found.length === 1) return found[0].id;
  if (found.length === 0) {
    throw new NotFound(`${where}no ${k.noun} ${hex.length === 32 ? low : `with an id starting ${text.trim()}`}`, [
      `list them with \`ccat-ops ${k.list}\``,
    ]);
  }
  const shown = found.slice(0, SHOWN).map((f) => f.id);
  throw new UsageError(
    `${where}'${text.trim()}' is ambiguous: ${found.length > SHOWN ? `more than ${SHOWN}` : found.length} ${k.noun}s start with it (${shown.join(', ')}${found.length > SHOWN ? ', …' : ''})`,
    ['give more characters of the id'],
  );
}

/** How many leading characters two ids share. */
function sharedLength(a: string, b: string | null): number {
  if (b === null) return 0;
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/** The id's text up to and including its `digits`-th hex digit (dashes kept where they fall). */
function cutAtDigit(id: string, digits: number): string {
  let seen = 0;
  for (let i = 0; i < id.length; i++) {
    if (id[i] !== '-' && ++seen === digits) return id.slice(0, i + 1);
  }
  return id;
}

/**
 * The shortest unique prefix (at least 8 characters, like git's short hashes) of each of `ids`, to
 * show people: one more digit than it shares with either neighbour in the primary key's index. One
 * query for a whole page, two index probes per id. A prefix shown now may become ambiguous when
 * more rows arrive; `resolveId` then lists the candidates.
 */
export async function shortestPrefixes(db: Queryable, kind: IdKind, ids: string[]): Promise<Map<string, string>> {
  const table = raw(KINDS[kind].table);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const found = await rows<{ id: string; prev: string | null; next: string | null }>(
    db,
    sql`select i.id::text as id,
               (select x.id from ${table} x where x.id < i.id order by x.id desc limit 1)::text as prev,
               (select x.id from ${table} x where x.id > i.id order by x.id limit 1)::text as next
          from unnest(${unique}::uuid[]) as i(id)`,
  );
  const hex = (id: string | null) => (id === null ? null : id.replaceAll('-', ''));
  return new Map(
    found.map((f) => {
      const own = hex(f.id) as string;
      const digits = Math.max(MIN_PREFIX, sharedLength(own, hex(f.prev)) + 1, sharedLength(own, hex(f.next)) + 1);
      return [f.id, cutAtDigit(f.id, Math.min(digits, 32))];
    }),
  );
}
