import { UsageError } from '../errors.js';
import type { IdKind } from '../views/short-id.js';

/** A column of a list: how to title it and how to read it from a row. */
export interface Column<T> {
  key: string;
  header: string;
  get: (row: T) => unknown;
  /** How a table shows the value, when not as plain text (sizes as `1.2 TB`). */
  format?: (value: unknown) => string;
  /** Kept however narrow the terminal (the id and the name a row is known by); others may be dropped. */
  essential?: boolean;
  /**
   * Free text (names, paths, messages): a table on a terminal may cut it in the middle to fit.
   * Every other column is shown whole or not at all, so an id is never cut.
   */
  text?: boolean;
  /** Which non-essential columns a narrow terminal drops first: the highest number (default 1), then the rightmost. */
  drop?: number;
  /** UUIDs of this kind: a table on a terminal shows their shortest unique prefix (≥ 8 characters, like git). */
  shortId?: IdKind;
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

/**
 * Whether a column shows one field of the row as it is (`get: (r) => r.key`): such a column's cells
 * can be made from the field's text alone (streams read with COPY). Found by reading a row that
 * records what is read of it.
 */
export function showsItsField<T>(col: Column<T>): boolean {
  const read: PropertyKey[] = [];
  const marker = Symbol('field');
  const row = new Proxy({}, { get: (_, key) => (read.push(key), marker) }) as T;
  try {
    return col.get(row) === marker && read.length === 1 && read[0] === col.key;
  } catch {
    return false;
  }
}
