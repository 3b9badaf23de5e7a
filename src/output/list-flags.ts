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
