import { lockWaitMs } from '../config/timeouts.js';
import { Busy } from '../errors.js';
import { newClient } from './pg-config.js';

/** Advisory-lock keys of this product (PostgreSQL bigint space; arbitrary but fixed). */
export const LOCK_KEYS = {
  migrate: 7_310_001,
  seed: 7_310_002,
} as const;

/**
 * Runs `work` while holding a session-level advisory lock on its own connection, so concurrent runs
 * (several `db init` at once, several hosts) take turns. Waits at most `waitMs`, then exit 75.
 */
export async function withAdvisoryLock<R>(
  url: string,
  key: number,
  what: string,
  work: () => Promise<R>,
  waitMs = lockWaitMs(),
): Promise<R> {
  const client = newClient(url);
  await client.connect();
  try {
    await client.query(`set statement_timeout = ${Math.max(1, Math.floor(waitMs))}`);
    try {
      await client.query('select pg_advisory_lock($1)', [key]);
    } catch (err) {
      if ((err as { code?: string }).code === '57014') {
        throw new Busy(`another ${what} is still running after ${Math.round(waitMs / 1000)} s`, [
          'try again later (CCAT_OPS_LOCK_TIMEOUT sets the wait, in seconds)',
        ]);
      }
      throw err;
    }
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
