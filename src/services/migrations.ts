import { pathToFileURL } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import { withAdvisoryLock, LOCK_KEYS } from '../db/advisory-lock.js';
import type { OpenDatabase } from '../db/open-database.js';
import { MIGRATIONS_TABLE } from '../db/orm-config.js';

export interface MigrationState {
  applied: { name: string; executedAt: Date | null }[];
  pending: string[];
}

/** Which migrations are applied and which are still to run. */
export async function migrationState(orm: MikroORM): Promise<MigrationState> {
  // Sequential on purpose: each call may create the bookkeeping table, and two at once would race.
  const executed = await orm.migrator.getExecuted();
  const pending = await orm.migrator.getPending();
  return {
    applied: executed.map((m) => ({ name: m.name, executedAt: m.executed_at ?? null })),
    pending: pending.map((m) => m.name),
  };
}

export interface MigrationRow {
  name: string;
  state: 'applied' | 'pending';
  executedAt: Date | null;
}

export interface SchemaStatus {
  migrations: MigrationRow[];
  applied: string[];
  pending: string[];
  /** No pending migration and no difference between the database and the entities. */
  inSync: boolean;
  /** SQL that would reconcile the database with the entities (checked only when nothing is pending). */
  differences: string[];
}

/** `db status`: every migration with its state, and whether the schema matches the entities. */
export async function schemaStatus(orm: MikroORM): Promise<SchemaStatus> {
  const state = await migrationState(orm);
  const differences = state.pending.length ? [] : await schemaDrift(orm);
  return {
    migrations: [
      ...state.applied.map((m) => ({ name: m.name, state: 'applied' as const, executedAt: m.executedAt })),
      ...state.pending.map((name) => ({ name, state: 'pending' as const, executedAt: null })),
    ],
    applied: state.applied.map((m) => m.name),
    pending: state.pending,
    inSync: state.pending.length === 0 && differences.length === 0,
    differences,
  };
}

/**
 * Applies every pending migration under the migration advisory lock, so concurrent runs take turns;
 * whoever comes second finds nothing pending. Each migration runs in one transaction.
 */
export async function applyMigrations(db: OpenDatabase): Promise<string[]> {
  return withAdvisoryLock(db.url, LOCK_KEYS.migrate, 'migration', async () => {
    const done = await db.orm.migrator.up();
    return done.map((m) => m.name);
  });
}

/** Reverts the last `steps` migrations (or down to and excluding `to`), under the same lock. */
export async function revertMigrations(db: OpenDatabase, options: { steps?: number; to?: string }): Promise<string[]> {
  return withAdvisoryLock(db.url, LOCK_KEYS.migrate, 'migration', async () => {
    if (options.to !== undefined) {
      const done = await db.orm.migrator.down({ to: options.to });
      return done.map((m) => m.name);
    }
    const reverted: string[] = [];
    for (let i = 0; i < (options.steps ?? 1); i++) {
      const done = await db.orm.migrator.down();
      if (done.length === 0) break;
      reverted.push(...done.map((m) => m.name));
    }
    return reverted;
  });
}

/** The SQL each pending migration would run, without running it. */
export async function pendingMigrationSql(orm: MikroORM): Promise<{ name: string; sql: string[] }[]> {
  const pending = await orm.migrator.getPending();
  const out: { name: string; sql: string[] }[] = [];
  for (const info of pending) {
    if (!info.path) continue;
    const mod = (await import(pathToFileURL(info.path).href)) as Record<string, new (...args: unknown[]) => Migration>;
    const Ctor = Object.values(mod).find((v) => typeof v === 'function');
    if (!Ctor) continue;
    const migration = new Ctor(orm.em.getDriver(), orm.config);
    await migration.up();
    out.push({ name: info.name, sql: migration.getQueries().map((q) => String(q)) });
  }
  return out;
}

/**
 * Differences between the database and the entities, as the SQL that would reconcile them. Empty
 * means in sync. The migrations bookkeeping table is not part of the model and is ignored.
 */
export async function schemaDrift(orm: MikroORM): Promise<string[]> {
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s && !/^set names/i.test(s) && !s.includes(MIGRATIONS_TABLE));
}
