import type { MikroORM } from '@mikro-orm/postgresql';
import { Conflict } from '../errors.js';
import { MIGRATIONS_TABLE } from './migration-files.js';

/**
 * Trigger functions earlier migrations created and later ones dropped: a database migrated only
 * that far still has them (physical_copy_deletion_guard_fn: until Migration20261201222854, and again
 * from Migration20261202012032; physical_copy_needed_by_staging_guard_fn: in between).
 */
export const RETIRED_FUNCTIONS = ['physical_copy_deletion_guard_fn', 'physical_copy_needed_by_staging_guard_fn'];

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The tables the entities define (pivot tables included) and the migrations table. */
export function ownTables(orm: MikroORM): string[] {
  const tables = new Set<string>();
  for (const meta of orm.getMetadata().getAll().values()) {
    if (meta.embeddable || meta.virtual || !meta.tableName) continue;
    tables.add(meta.tableName);
  }
  tables.add(MIGRATIONS_TABLE);
  return [...tables].sort();
}

/** The trigger functions the entities create (in their triggers' raw DDL), and retired ones. */
export function ownFunctions(orm: MikroORM): string[] {
  const functions = new Set(RETIRED_FUNCTIONS);
  for (const meta of orm.getMetadata().getAll().values()) {
    for (const trigger of meta.triggers ?? []) {
      const expression = typeof trigger.expression === 'string' ? trigger.expression : '';
      for (const m of expression.matchAll(/create\s+(?:or\s+replace\s+)?function\s+"?(\w+)"?/gi)) {
        functions.add(m[1]!);
      }
    }
  }
  return [...functions].sort();
}

/** The stored functions the entities declare as routines (not trigger functions). */
export function ownRoutines(orm: MikroORM): string[] {
  return [...(orm.config.get('routines') ?? [])].map((r) => r.name).sort();
}

/**
 * `db init --drop`: drops the ops-db's own routines (first: they take our tables' row types), tables,
 * the migrations table and its trigger functions in one transaction, never the schema itself, so grants on it and other applications' objects
 * survive. Nothing is dropped with CASCADE: when another application's object depends on one of
 * ours (a view on our table, a foreign key to it, a trigger calling our function) PostgreSQL
 * refuses, the transaction rolls back and this says which objects are in the way, rather than
 * dropping them silently.
 */
export async function dropOwnObjects(orm: MikroORM): Promise<void> {
  const sql = [
    // no argument list: each name is unique, and a routine's signature may have changed since
    ...ownRoutines(orm).map((fn) => `drop function if exists ${quote(fn)}`),
    `drop table if exists ${ownTables(orm).map(quote).join(', ')}`,
    ...ownFunctions(orm).map((fn) => `drop function if exists ${quote(fn)}()`),
  ];
  try {
    await orm.em.transactional(async (em) => {
      for (const statement of sql) await em.getConnection().execute(statement, [], 'run', em.getTransactionContext());
    });
  } catch (err) {
    const { code, detail } = err as { code?: string; detail?: string };
    if (code !== '2BP01') throw err;
    throw new Conflict(
      `db init --drop would also drop objects of another application: ${(detail ?? '').split('\n').join('; ')}`,
      [
        'move or drop those objects yourself (they depend on ops-db tables or functions), then run db init --drop again; nothing was dropped',
      ],
    );
  }
}
