import { Flags } from '@oclif/core';
import { INT4_MAX } from '../validation/ranges.js';
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

/** `--sort COLUMN` (prefix `-` for descending) and `--limit N`, for lists served by the database. */
export function sortAndLimitFlags<const K extends string>(sortable: readonly K[], defaultSort: K) {
  return {
    sort: Flags.string({
      summary: 'Sort by this column; prefix with - for descending.',
      options: sortable.flatMap((k) => [k, `-${k}`]),
      default: defaultSort,
    }),
    limit: Flags.integer({ summary: 'Show at most this many rows.', min: 1, max: INT4_MAX, default: 1000 }),
  };
}

/** `name` → `{name: 'asc'}`, `-name` → `{name: 'desc'}`. */
export function orderBy(sort: string): Record<string, 'asc' | 'desc'> {
  return sort.startsWith('-') ? { [sort.slice(1)]: 'desc' } : { [sort]: 'asc' };
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
  sort: Flags.option({
    options: ['newest', 'oldest'] as const,
    default: 'newest' as const,
    summary: 'Newest first (default) or oldest first.',
  })(),
};
