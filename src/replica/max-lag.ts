import { durationMs } from '../views/time-input.js';

/** A replica further behind than this is worth a warning, unless CCAT_OPS_MAX_LAG says otherwise. */
const DEFAULT_MAX_LAG_MS = 60_000;

/** How far behind a read replica may be: `--max-lag`, else CCAT_OPS_MAX_LAG, else 60 s. */
export function maxLagMs(flag: string | undefined): number {
  if (flag !== undefined) return durationMs(flag, 'max-lag');
  const fromEnv = process.env.CCAT_OPS_MAX_LAG;
  return fromEnv ? durationMs(fromEnv, 'max-lag (from CCAT_OPS_MAX_LAG)') : DEFAULT_MAX_LAG_MS;
}

/** Whether a lag (seconds; null when unknown) is over the bound: an unknown lag is over every bound. */
export function lagOver(lagSeconds: number | null, boundMs: number): boolean {
  return lagSeconds === null || lagSeconds * 1000 > boundMs;
}
