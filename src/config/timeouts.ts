/** Seconds from an environment variable, or the default; nonsense falls back to the default. */
function seconds(value: string | undefined, fallback: number, allowZero: boolean): number {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) && (allowZero ? n >= 0 : n > 0) ? n * 1000 : fallback * 1000;
}

/** How long to wait for a database connection: `CCAT_OPS_CONNECT_TIMEOUT` seconds, default 5. */
export function connectTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env.CCAT_OPS_CONNECT_TIMEOUT, 5, false);
}

/** How long a second process waits for the embedded database: `CCAT_OPS_EMBEDDED_LOCK_TIMEOUT`, default 60. */
export function embeddedLockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env.CCAT_OPS_EMBEDDED_LOCK_TIMEOUT, 60, true);
}

/** How long to wait for an advisory lock held by another run: `CCAT_OPS_LOCK_TIMEOUT`, default 300. */
export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env.CCAT_OPS_LOCK_TIMEOUT, 300, true);
}
