import { UsageError } from '../errors.js';

/** A column of a list: how to title it and how to read it from a row. */
export interface Column<T> {
  key: string;
  header: string;
  get: (row: T) => unknown;
  /** How a table shows the value, when not as plain text (sizes as `1.2 TB`). */
  format?: (value: unknown) => string;
}

/** Plain text for one cell: dates as UTC ISO-8601, empty for null. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Picks and orders columns by `--columns a,b,c`; unknown names are a usage error upstream. */
export function selectColumns<T>(all: Column<T>[], wanted?: string[]): Column<T>[] {
  if (!wanted || wanted.length === 0) return all;
  return wanted.map((name) => {
    const col = all.find((c) => c.key === name);
    if (!col) throw new UsageError(`unknown column '${name}'`, [`use one of: ${all.map((c) => c.key).join(', ')}`]);
    return col;
  });
}
