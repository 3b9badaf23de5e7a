import { UsageError } from '../errors.js';

/**
 * Sizes as operators write them (`40TB`, `500 GB`, `1.5PiB`, `2048`): decimal units as storage is
 * sold and as sizes are shown (src/output/bytes.ts), binary ones when written with `i`. Case does
 * not matter; a bare number is bytes.
 */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  eb: 1e18,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
  eib: 2 ** 60,
};

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/** The largest size a `bigint` column holds, rounded down to what a JavaScript number says exactly. */
export const MAX_SIZE_BYTES = 2 ** 63 - 1024;

/** `text` in whole bytes, or undefined when it is not a size (or does not fit a bigint column). */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isFinite(bytes) && bytes <= MAX_SIZE_BYTES ? bytes : undefined;
}

const SIZE_HINT = 'write a size like 40TB, 500GB or 1.5PiB';

/** A size flag such as `--bytes 2TB`: bytes (more than 0), undefined when not given, exit 2 naming the flag otherwise. */
export function sizeOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseSize(value);
  if (bytes === undefined) throw new UsageError(`--${flag}: '${value}' is not a size; ${SIZE_HINT}`);
  if (bytes === 0) throw new UsageError(`--${flag}: give more than 0 bytes; ${SIZE_HINT}`);
  return bytes;
}
