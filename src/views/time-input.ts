import parseDuration from 'parse-duration';
import { UsageError } from '../errors.js';
import { MAX_DURATION_MS, MAX_DURATION_TEXT, MAX_YEAR, MIN_YEAR } from '../validation/ranges.js';

const DURATION_HINT = 'write a duration like 30m, 6h, 2d or 1w';

/** Plain decimal amounts with known units (`2d 12h`, `1.5h`): parse-duration alone takes `0x10d` or `1e3d`. */
const DURATION =
  /^\s*(?:\d+(?:\.\d+)?\s*(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)\s*)+$/i;

/**
 * `6h`, `90m`, `2d 12h` → milliseconds; exit 2 naming the flag when it is not a positive duration,
 * or is longer than any timestamp arithmetic this product does can hold.
 */
export function durationMs(value: string, flag: string): number {
  const ms = DURATION.test(value) ? parseDuration(value) : undefined;
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms <= 0) {
    throw new UsageError(`--${flag}: '${value}' is not a duration; ${DURATION_HINT}`);
  }
  if (ms > MAX_DURATION_MS) {
    throw new UsageError(`--${flag}: '${value}' is longer than ${MAX_DURATION_TEXT}; ${DURATION_HINT}`);
  }
  return ms;
}

/** The date written as `text` (`2026-02-30` is no date: JavaScript would roll it over to March 2). */
function calendarDate(text: string): Date | undefined {
  const zoned = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text) || !text.includes('T') ? text : `${text}Z`;
  const date = new Date(zoned.includes('T') ? zoned : `${zoned}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  if (y < MIN_YEAR || y > MAX_YEAR) return undefined;
  const written = new Date(0);
  written.setUTCFullYear(y, m - 1, d);
  if (written.getUTCMonth() !== m - 1 || written.getUTCDate() !== d) return undefined;
  return date;
}

/**
 * A point in time for `--since`/`--until`: an ISO-8601 date or date-time (UTC unless it says
 * otherwise), or a duration meaning that long ago (`6h`, `7d`).
 */
export function instant(value: string, flag: string, now = new Date()): Date {
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i.test(value.trim())) {
    const date = calendarDate(value.trim().replace(' ', 'T'));
    if (date) return date;
    throw new UsageError(
      `--${flag}: '${value}' is not a valid date or time; write a real one like 2026-02-28 or 2026-02-28T12:00Z`,
    );
  }
  const ms = DURATION.test(value) ? parseDuration(value) : undefined;
  if (ms !== undefined && ms !== null && Number.isFinite(ms) && ms > 0) {
    if (ms > MAX_DURATION_MS) {
      throw new UsageError(`--${flag}: '${value}' is longer ago than ${MAX_DURATION_TEXT}; ${DURATION_HINT}`);
    }
    return new Date(now.getTime() - ms);
  }
  throw new UsageError(
    `--${flag}: '${value}' is not a date or a duration; write 2026-11-01, 2026-11-01T12:00Z, or a duration ago like 6h or 7d`,
  );
}

/** `--since` and `--until` together, refusing a range that ends before it starts. */
export function timeRange(since?: string, until?: string, now = new Date()): { since?: Date; until?: Date } {
  const range = {
    since: since === undefined ? undefined : instant(since, 'since', now),
    until: until === undefined ? undefined : instant(until, 'until', now),
  };
  if (range.since && range.until && range.since > range.until) {
    throw new UsageError(
      `--since (${range.since.toISOString()}) is after --until (${range.until.toISOString()}); swap them`,
    );
  }
  return range;
}

/** `21600000` → `6h`, `90000000` → `1d 1h`: how long, for people. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (unit === 's' && parts.length === 0)) parts.push(`${n}${unit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
