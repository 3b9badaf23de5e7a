import { UsageError } from '../errors.js';
import { durationMs, formatDuration } from '../views/time-input.js';

/**
 * The longest wait a Node timer (and PostgreSQL's `statement_timeout`) can hold: 2^31 - 1 ms, about
 * 24.8 days. A longer one fires at once, so every time-out from the environment is bounded by it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Seconds from an environment variable, or the default; exit 2 naming the variable when it is not a
 * number of seconds in range (0 allowed only where it means "do not wait" or "no limit").
 */
function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero: boolean): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback * 1000;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  const ms = Math.round(n * 1000);
  if (!Number.isFinite(n) || (allowZero ? ms < 0 : ms <= 0) || ms > MAX_TIMER_MS) {
    throw new UsageError(
      `${name}: '${env[name]}' is not a number of seconds from ${allowZero ? 0 : 'above 0'} to ${Math.floor(MAX_TIMER_MS / 1000)} (about 24 days)`,
      [`set ${name} to a number of seconds like ${fallback || 60}, or unset it for the default (${fallback})`],
    );
  }
  return ms;
}

/** How long to wait for a database connection: `CCAT_OPS_CONNECT_TIMEOUT` seconds, default 5. */
export function connectTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env, 'CCAT_OPS_CONNECT_TIMEOUT', 5, false);
}

/**
 * How long one statement of a quick command (reads, registry writes, `doctor`) may run on a server:
 * `CCAT_OPS_STATEMENT_TIMEOUT` seconds, default 60; 0 means no limit. Migrations, audits and file
 * registration are not bounded by it.
 */
export function statementTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env, 'CCAT_OPS_STATEMENT_TIMEOUT', 60, true);
}

/** How long a second process waits for the embedded database: `CCAT_OPS_EMBEDDED_LOCK_TIMEOUT`, default 60. */
export function embeddedLockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env, 'CCAT_OPS_EMBEDDED_LOCK_TIMEOUT', 60, true);
}

/**
 * How long the embedded database's background server stays after its last connection:
 * `CCAT_OPS_EMBEDDED_IDLE` seconds, default 300; 0: no background server, each command opens
 * PGlite itself.
 */
export function embeddedIdleMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env, 'CCAT_OPS_EMBEDDED_IDLE', 300, true);
}

/** How long to wait for an advisory lock held by another run: `CCAT_OPS_LOCK_TIMEOUT`, default 300. */
export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env, 'CCAT_OPS_LOCK_TIMEOUT', 300, true);
}

/**
 * A duration flag that arms a timer (`--budget`, `--interval`): like any duration, and exit 2 naming
 * the flag beyond the longest a timer can wait, rather than firing at once.
 */
export function timerMs(value: string, flag: string): number {
  const ms = durationMs(value, flag);
  if (ms > MAX_TIMER_MS) {
    throw new UsageError(
      `--${flag}: '${value}' is longer than ${formatDuration(MAX_TIMER_MS)}, the longest it can be`,
      [`give --${flag} a shorter duration, like 1d or 7d`],
    );
  }
  return ms;
}

/** Checks every time-out variable at once, so a bad one is exit 2 before the tool connects anywhere. */
export function checkTimeouts(env: NodeJS.ProcessEnv = process.env): void {
  connectTimeoutMs(env);
  statementTimeoutMs(env);
  embeddedLockTimeoutMs(env);
  embeddedIdleMs(env);
  lockWaitMs(env);
}
