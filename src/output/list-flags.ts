import { Flags } from '@oclif/core';
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
};

/** `--sort COLUMN` (prefix `-` for descending) and `--limit N`, for lists served by the database. */
export function sortAndLimitFlags<const K extends string>(sortable: readonly K[], defaultSort: K) {
  return {
    sort: Flags.string({
      summary: 'Sort by this column; prefix with - for descending.',
      options: sortable.flatMap((k) => [k, `-${k}`]),
      default: defaultSort,
    }),
    limit: Flags.integer({ summary: 'Show at most this many rows.', min: 1, default: 1000 }),
  };
}

/** `name` → `{name: 'asc'}`, `-name` → `{name: 'desc'}`. */
export function orderBy(sort: string): Record<string, 'asc' | 'desc'> {
  return sort.startsWith('-') ? { [sort.slice(1)]: 'desc' } : { [sort]: 'asc' };
}
