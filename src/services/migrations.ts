import { pathToFileURL } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import { withAdvisoryLock, LOCK_KEYS } from '../db/advisory-lock.js';
import type { OpenDatabase } from '../db/open-database.js';
import { assertNotForeignOpsDb } from '../db/existing-ops-db.js';
import { MIGRATIONS_TABLE } from '../db/orm-config.js';
import { compareWithEntities, differenceSql, withoutForeignObjects } from '../db/schema-comparison.js';
import { migrationFile, shippedMigrations } from '../db/migration-files.js';
import { Conflict, UsageError } from '../errors.js';
import { nearestNames } from '../registry/lookup.js';

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

export interface ApplyOptions {
  /** The command applying them, named when it stops on an ops-db another tool made (default `db migrate`). */
  command?: string;
  /** `db init --drop` just dropped our tables: what remains of another tool's ops-db is no reason to stop. */
  afterDrop?: boolean;
}

/**
 * Applies every pending migration under the migration advisory lock, so concurrent runs take turns;
 * whoever comes second finds nothing pending. Each migration runs in one transaction. An ops-db made
 * by another tool (ops-db tables or Alembic's, no migration of ours) stops it before anything is written.
 */
export async function applyMigrations(db: OpenDatabase, options: ApplyOptions = {}): Promise<string[]> {
  return withAdvisoryLock(db.url, LOCK_KEYS.migrate, 'migration', async () => {
    if (!options.afterDrop) await assertNotForeignOpsDb(db.orm, options.command ?? 'db migrate');
    const done = await db.orm.migrator.up();
    return done.map((m) => m.name);
  });
}

/** One migration `db migrate down` would revert: its down SQL and, for people, what that drops. */
export interface RevertStep {
  name: string;
  sql: string[];
  /** Tables and columns (`table.column`) the down SQL drops, with their data. */
  drops: string[];
}

/**
 * What `db migrate down` would revert, newest first: the last applied migration, the last `steps`,
 * or every one applied after `to` (which stays applied). Changes nothing. An unknown `to`, or one
 * that is not applied, is exit 2; so is a migration to revert whose file this version lacks.
 */
export async function planRevert(orm: MikroORM, options: { steps?: number; to?: string }): Promise<RevertStep[]> {
  const applied = (await orm.migrator.getExecuted()).map((m) => m.name);
  let names: string[];
  if (options.to !== undefined) {
    const to = appliedMigration(applied, options.to);
    names = applied.slice(applied.indexOf(to) + 1);
  } else {
    names = applied.slice(-(options.steps ?? 1));
  }
  const shipped = new Set(shippedMigrations());
  const steps: RevertStep[] = [];
  for (const name of names.reverse()) {
    if (!shipped.has(name)) {
      throw new UsageError(`cannot revert ${name}: this version of ccat-ops does not have that migration`, [
        'revert it with the version of ccat-ops that applied it',
      ]);
    }
    const sql = await migrationSql(orm, migrationFile(name), 'down');
    steps.push({ name, sql, drops: droppedBy(sql) });
  }
  return steps;
}

/** The applied migration `--to` names (with or without the `Migration` prefix or extension). */
function appliedMigration(applied: string[], input: string): string {
  const known = [...new Set([...applied, ...shippedMigrations()])];
  const name = matchMigration(input, known);
  if (name === undefined) {
    throw new UsageError(
      `--to: no migration '${input}'; the nearest are ${nearestNames(input, known).join(', ') || 'none'}`,
      ['`ccat-ops db status` lists every migration and whether it is applied'],
    );
  }
  if (!applied.includes(name)) {
    throw new UsageError(`--to: ${name} is not applied, so there is nothing to revert down to it`, [
      applied.length ? `the last applied migration is ${applied[applied.length - 1]}` : 'no migration is applied',
    ]);
  }
  return name;
}

function matchMigration(input: string, names: string[]): string | undefined {
  const bare = input.trim().replace(/\.(ts|js)$/, '');
  const exact = names.find((n) => n === bare || n === `Migration${bare}`);
  if (exact || !/^(Migration)?\d{14}$/.test(bare)) return exact;
  const byTimestamp = names.filter((n) => n.startsWith(`Migration${bare.replace(/^Migration/, '')}`));
  return byTimestamp.length === 1 ? byTimestamp[0] : undefined;
}

/** Tables and `table.column`s a migration's SQL drops, in the order it drops them. */
export function droppedBy(sql: string[]): string[] {
  const drops: string[] = [];
  for (const statement of sql) {
    const table = /^\s*drop table (?:if exists )?"?([\w.]+)"?/i.exec(statement);
    if (table) drops.push(`table ${table[1]}`);
    const altered = /^\s*alter table (?:if exists )?"?([\w.]+)"?/i.exec(statement);
    if (!altered) continue;
    for (const column of statement.matchAll(/drop column (?:if exists )?"?(\w+)"?/gi)) {
      drops.push(`column ${altered[1]}.${column[1]}`);
    }
  }
  return drops;
}

/**
 * Reverts exactly the migrations of `plan` (newest first, as `planRevert` made it) in one
 * transaction, under the migration advisory lock. If the applied migrations changed since the plan
 * was made (someone migrated meanwhile), nothing is reverted.
 */
export async function revertMigrations(db: OpenDatabase, plan: string[]): Promise<string[]> {
  if (plan.length === 0) return [];
  return withAdvisoryLock(db.url, LOCK_KEYS.migrate, 'migration', async () => {
    const applied = (await db.orm.migrator.getExecuted()).map((m) => m.name);
    const newest = applied.slice(-plan.length).reverse();
    if (newest.join() !== plan.join()) {
      throw new Conflict('the applied migrations changed while you were deciding; nothing was reverted', [
        'run `ccat-ops db migrate down` again to see what it would revert now',
      ]);
    }
    const done = await db.orm.migrator.down({ migrations: plan });
    return done.map((m) => m.name);
  });
}

/** The SQL each pending migration would run, without running it. */
export async function pendingMigrationSql(orm: MikroORM): Promise<{ name: string; sql: string[] }[]> {
  await assertNotForeignOpsDb(orm, 'db migrate --dry-run');
  const pending = await orm.migrator.getPending();
  const out: { name: string; sql: string[] }[] = [];
  for (const info of pending) {
    if (!info.path) continue;
    out.push({ name: info.name, sql: await migrationSql(orm, info.path, 'up') });
  }
  return out;
}

/** The SQL one direction of a migration file runs, without running it. */
async function migrationSql(orm: MikroORM, path: string, direction: 'up' | 'down'): Promise<string[]> {
  const mod = (await import(pathToFileURL(path).href)) as Record<string, new (...args: unknown[]) => Migration>;
  const Ctor = Object.values(mod).find((v) => typeof v === 'function');
  if (!Ctor) return [];
  const migration = new Ctor(orm.em.getDriver(), orm.config);
  await migration[direction]();
  return migration.getQueries().map((q) => String(q));
}

/**
 * Differences between the database and the entities, as the SQL that would reconcile them. Empty
 * means in sync. Objects the entities do not define (another application's tables, types and
 * functions; the migrations bookkeeping table) are not part of the model and are ignored.
 */
export async function schemaDrift(orm: MikroORM): Promise<string[]> {
  const sql = differenceSql(orm, withoutForeignObjects(await compareWithEntities(orm)));
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s && !s.includes(MIGRATIONS_TABLE));
}
