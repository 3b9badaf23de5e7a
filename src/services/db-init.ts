import type { ConnectionTarget } from '../config/connection.js';
import { withAdvisoryLock, LOCK_KEYS } from '../db/advisory-lock.js';
import { ensureDatabase } from '../db/create-database.js';
import { dropOwnObjects } from '../db/drop-own-objects.js';
import type { OpenDatabase } from '../db/open-database.js';
import { Refused } from '../errors.js';
import { seedDatabase, type SeedResult } from '../seed/seed-database.js';
import { applyMigrations } from './migrations.js';

export interface InitOptions {
  drop?: boolean;
  seed?: boolean;
  seedDir?: string;
}

export interface InitResult {
  databaseCreated: boolean;
  dropped: boolean;
  migrationsApplied: string[];
  seed: SeedResult | null;
  /** True when the run found everything already in place and changed nothing. */
  unchanged: boolean;
}

/** Refuses destructive work when the environment is production (DESIGN §4, `isProduction`). */
export function assertNotProduction(target: ConnectionTarget, what: string): void {
  if (target.production) {
    throw new Refused(`${what} is refused in the production environment`, [
      'run it against a development or staging database (CCAT_OPS_ENV and ENV_FOR_DYNACONF say which environment this is)',
    ]);
  }
}

/**
 * `db init`: create the database if needed, optionally drop the ops-db's own objects, apply every migration under the
 * advisory lock, and seed the reference data. Each step is idempotent, so re-running is safe.
 */
export async function initDatabase(
  target: ConnectionTarget,
  open: () => Promise<OpenDatabase>,
  options: InitOptions,
): Promise<InitResult> {
  if (options.drop) assertNotProduction(target, 'db init --drop');
  const databaseCreated = await ensureDatabase(target);
  const db = await open();
  if (options.drop) {
    await withAdvisoryLock(db.url, LOCK_KEYS.migrate, 'migration', async () => {
      await dropOwnObjects(db.orm);
    });
  }
  const migrationsApplied = await applyMigrations(db, { command: 'db init', afterDrop: options.drop });
  const seed = options.seed === false ? null : await seedDatabase(db.orm.em.fork(), options.seedDir);
  return {
    databaseCreated,
    dropped: Boolean(options.drop),
    migrationsApplied,
    seed,
    unchanged: !databaseCreated && !options.drop && migrationsApplied.length === 0 && (seed?.created ?? 0) === 0,
  };
}
