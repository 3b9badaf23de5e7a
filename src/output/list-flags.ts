import { Flags } from '@oclif/core';
import { INT4_MAX } from '../validation/ranges.js';
import { cellText, cellValue, type Column } from './columns.js';
import { OUTPUT_FORMATS, type OutputFormat } from './render-list.js';

/** The output flags every list command shares (DESIGN §8). */
export const outputFlags = {
  output: Flags.option({
    char: 'o',
    options: OUTPUT_FORMATS,
    default: 'table' as OutputFormat,
    summary: 'Output format: table for people; csv, json or ndjson for machines.',
  })(),
  columns: Flags.string({
    summary: 'Only these columns, in this order (comma-separated).',
    parse: async (value) => value.trim(),
  }),
  wide: Flags.boolean({
    summary: 'Tables: every column, nothing cut, however narrow the terminal (piped output is never cut).',
  }),
};

/**
 * `--sort KEY` (prefix `-` for descending) and `--limit N`, for the registry lists: small tables,
 * so every column sorts (in memory, after the database's own order, which breaks ties).
 */
export function sortAndLimitFlags<T>(columns: Column<T>[], defaultSort: string) {
  const keys = columns.map((c) => c.key);
  return {
    sort: Flags.string({
      summary:
        'Sort by this column (any key of --columns); descending with a - prefix (--sort=-name) or :desc (name:desc).',
      default: defaultSort,
      parse: async (value) => {
        const key = sortKey(value);
        if (!keys.includes(key.replace(/^-/, ''))) {
          throw new Error(
            `unknown column '${value.trim()}'; sort by one of: ${keys.join(', ')} (prefix - or add :desc for descending)`,
          );
        }
        return key;
      },
    }),
    limit: Flags.integer({ summary: 'Show at most this many rows.', min: 1, max: INT4_MAX, default: 1000 }),
  };
}

/**
 * `--sort` as `KEY` or `-KEY`: `KEY:desc` is `-KEY` (a shell-safe form where oclif would read `-o…` as
 * the `-o` flag), `KEY:asc` is `KEY`.
 */
export function sortKey(value: string): string {
  const v = value.trim();
  if (v.endsWith(':desc')) return `-${v.slice(0, -':desc'.length)}`;
  if (v.endsWith(':asc')) return v.slice(0, -':asc'.length);
  return v;
}

const rank = (v: unknown): number | string =>
  v instanceof Date ? v.getTime() : typeof v === 'number' || typeof v === 'string' ? v : cellText(v);

/** The rows ordered by `sort` (`name`, `-name`), empty values last; stable, so ties keep their order. */
export function sortRows<T>(rows: T[], columns: Column<T>[], sort: string): T[] {
  const desc = sort.startsWith('-');
  const column = columns.find((c) => c.key === sort.replace(/^-/, ''));
  if (!column) return rows;
  const keyed = rows.map((row) => ({ row, v: cellValue(column, row) }));
  keyed.sort((a, b) => {
    const an = a.v === null || a.v === undefined;
    const bn = b.v === null || b.v === undefined;
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    const x = rank(a.v);
    const y = rank(b.v);
    const c =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x) < String(y)
          ? -1
          : String(x) > String(y)
            ? 1
            : 0;
    return desc ? -c : c;
  });
  return keyed.map((k) => k.row);
}

/**
 * Paging for the high-volume lists (transfers, copies, files…): keyset pages of `--limit` rows,
 * `--after ID` for the next one, `--all` to stream every row. Newest first unless `--sort oldest`.
 */
export const pageFlags = {
  limit: Flags.integer({
    summary: 'Show at most this many rows (one page).',
    min: 1,
    max: INT4_MAX,
    default: 100,
    exclusive: ['all'],
  }),
  after: Flags.string({ summary: 'Start after the row with this id (the previous page’s last row).' }),
  all: Flags.boolean({ summary: 'Every row, streamed in batches (a table a screenful at a time).' }),
  sort: Flags.string({
    default: 'newest',
    summary:
      'newest (default) or oldest first, or by the indexed key the list is paged by, e.g. id (oldest first) or -id / id:desc (newest first); other columns are not indexed for sorting.',
  }),
};
