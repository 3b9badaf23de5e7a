/**
 * What the database's columns can hold, and the bounds of what this product accepts where values
 * enter (flags, prompts, import files): one place, so a value out of range is refused with the flag
 * named instead of reaching PostgreSQL and ending in its own `out of range` error. No zod here:
 * read commands use these and load no validation library (the field rules are in fields.ts).
 */

/** PostgreSQL `integer` (int4). */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;
/** PostgreSQL `bigint` (int8), the type of the high-volume tables' ids. */
export const INT8_MAX = 9_223_372_036_854_775_807n;

/** The longest duration accepted anywhere (`--stuck-for`, `--since 7d`…): far past any use, well inside a timestamp. */
export const MAX_DURATION_MS = 1000 * 365.25 * 86_400_000;
export const MAX_DURATION_TEXT = '1000 years';

/** Years a point in time may fall in: what ISO-8601 shows with four digits and PostgreSQL stores. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** Free text kept with a record (a staging request's reason). */
export const REASON_MAX = 2000;

/** A plain decimal number: optional sign, digits, optional fraction. No hex, exponent, blanks or `Infinity`. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** `text` as a number when it is a plain decimal number, else undefined. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Whether `text` is the id of a `bigint` row: a positive integer that fits in the column. */
export function isBigintId(text: string): boolean {
  return /^\d{1,19}$/.test(text) && BigInt(text) >= 1n && BigInt(text) <= INT8_MAX;
}

/** Whether `text` is the id of an `integer` row: a positive integer that fits in the column. */
export function isIntId(text: string): boolean {
  return /^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= INT4_MAX;
}

/** Any control character (C0, DEL, C1). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Control characters other than newline and tab, for multi-line text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
