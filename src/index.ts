/**
 * ccat-ops as a library: the ops-db entities and enums, and `initOpsDb()` to open the database with
 * the same configuration resolution as the command-line tool (the successor of `init_ccat_ops_db()`).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { resolveConnection } from './config/connection.js';
import { openDatabase } from './db/open-database.js';

export * from '../entities/index.js';
export { resolveConnection, describeTarget, type ConnectionTarget } from './config/connection.js';
export { ormOptions } from './db/orm-config.js';
export { OpsError, UsageError, NotFound, Unavailable, Busy, Conflict, Refused } from './errors.js';

export interface InitOpsDbOptions {
  /** Overrides the configuration, like `--database-url`. */
  databaseUrl?: string;
  /** Environment to resolve the configuration from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Opens the ops database and returns an initialised MikroORM. `orm.close()` also stops the embedded
 * server when no database was configured.
 */
export async function initOpsDb(options: InitOpsDbOptions = {}): Promise<MikroORM> {
  const db = await openDatabase(resolveConnection({ databaseUrl: options.databaseUrl, env: options.env }));
  const { orm } = db;
  const closeOrm = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    try {
      await closeOrm(force);
    } finally {
      await db.releaseEmbedded();
    }
  };
  return orm;
}
