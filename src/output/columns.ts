import { UsageError } from '../errors.js';
import type { IdKind } from '../views/short-id.js';

/**
 * A column of a list: its key, and how to read it from a row. The key is the field's one name: the
 * JSON key, the `--columns` and `--sort` name and, as readable words, the table header (`headerOf`),
 * so they cannot drift apart.
 */
export interface Column<T> {
  key: string;
  /** The unit of the value, shown after the header: `Altitude (m)` (not where `format` shows its own, as `1.2 TB`). */
  unit?: string;
  /** How to read the value when it is not simply the row's field of the same key (`row[key]`). */
  get?: (row: T) => unknown;
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
  /** Not shown unless named in `--columns` (a field of the JSON that a table seldom needs). */
  extra?: boolean;
  /** A sum or phrase made of other JSON fields for people (an audit run's findings): not a JSON key itself. */
  derived?: boolean;
}

/** Words written other than in lower case in a header. */
const WORDS: Record<string, string> = { id: 'ID', ip: 'IP', ra: 'RA', github: 'GitHub', utc: 'UTC', url: 'URL' };

/** A key as readable words: `lastUsedIp` → `Last used IP`, `completed24h` → `Completed 24h`, `size_mismatch` → `Size mismatch`. */
export function keyWords(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .split(/[ _]/)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  return words.map((w, i) => (i === 0 && w === w.toLowerCase() ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
}

/**
 * The table header of a column: its key as words, and its unit (`Altitude (m)`). A value a table
 * formats with its own unit (`1.2 TB`, `3h`) drops the key's unit word: `sizeBytes` → `Size`.
 */
export function headerOf(column: Pick<Column<unknown>, 'key' | 'unit' | 'format'>): string {
  const words = column.format ? keyWords(column.key).replace(/ (bytes|seconds)$/, '') : keyWords(column.key);
  return column.unit ? `${words} (${column.unit})` : words;
}

/** Plain text for one cell: dates as UTC ISO-8601, empty for null. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Picks and orders columns by `--columns a,b,c` (every key of the JSON rows); without it, every
 * column but the `extra` ones. An unknown key is a usage error naming the valid ones, and so is a
 * key named twice (as a CSV import's header refuses it).
 */
export function selectColumns<T>(all: Column<T>[], wanted?: string[]): Column<T>[] {
  if (!wanted || wanted.length === 0) return all.filter((c) => !c.extra);
  const names = wanted.map((raw) => raw.trim());
  return names.map((name, i) => {
    if (names.indexOf(name) !== i) {
      throw new UsageError(`--columns: column '${name}' is named twice; name each column once`);
    }
    const col = all.find((c) => c.key === name);
    if (!col) {
      throw new UsageError(`--columns: unknown column '${name}'`, [`use one of: ${all.map((c) => c.key).join(', ')}`]);
    }
    return col;
  });
}

/** A column's value in a row: its `get`, else the row's field of the column's key. */
export function cellValue<T>(col: Column<T>, row: T): unknown {
  return col.get ? col.get(row) : (row as Record<string, unknown>)[col.key];
}

/**
 * Whether a column shows one field of the row as it is (no `get`): such a column's cells can be
 * made from the field's text alone (streams read with COPY).
 */
export function showsItsField<T>(col: Column<T>): boolean {
  return col.get === undefined;
}
