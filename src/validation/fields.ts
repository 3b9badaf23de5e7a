import { z } from 'zod';
import { CONTROL_BUT_NEWLINE, INT4_MAX, INT4_MIN, REASON_MAX } from './ranges.js';

/** Names and natural keys: non-empty, at most 255 characters, no control characters. */
export const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** Short names (site, programme): like a name, at most 64 characters. */
export const shortName = name.max(64, 'must be at most 64 characters');

/** A user's login name (users, the user a token acts as): a name of at most 64 characters. */
export const username = name.max(64, 'must be at most 64 characters');

/** Free text (descriptions): stored verbatim, no control characters but newlines and tabs. */
export const text = z
  .string()
  .max(10_000, 'must be at most 10000 characters')
  .refine((s) => !CONTROL_BUT_NEWLINE.test(s), 'must not contain control characters (only newlines and tabs)');

/** Why something was asked for, kept with the record: a few lines at most, no control characters. */
export const reason = z
  .string()
  .trim()
  .max(REASON_MAX, `must be at most ${REASON_MAX} characters`)
  .refine((s) => !CONTROL_BUT_NEWLINE.test(s), 'must not contain control characters (only newlines and tabs)');

export const latitudeDeg = z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90');
export const longitudeDeg = z
  .number()
  .min(-180, 'must be between -180 and 180')
  .max(180, 'must be between -180 and 180');
export const altitudeM = z
  .number()
  .min(-500, 'must be between -500 and 10000 m')
  .max(10_000, 'must be between -500 and 10000 m');

/** A whole number within `[min, max]` (an `integer` column by default), with the range in the message. */
export function integerIn(min = INT4_MIN, max = INT4_MAX) {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, message);
}
