import type { Column, ForeignKey, MikroORM, SchemaDifference, TableDifference } from '@mikro-orm/postgresql';
import { withAdvisoryLock, LOCK_KEYS } from '../db/advisory-lock.js';
import { inspectExistingOpsDb, isForeignOpsDb, type ExistingOpsDb } from '../db/existing-ops-db.js';
import { shippedMigrations } from '../db/migration-files.js';
import type { OpenDatabase } from '../db/open-database.js';
import { MIGRATIONS_TABLE } from '../db/orm-config.js';
import { newClient } from '../db/pg-config.js';
import { compareWithEntities, differenceSql } from '../db/schema-comparison.js';
import { PACKAGE_SEALED_AT_BACKFILL } from '../../entities/package-sealed-trigger.js';
import { TRUNCATE_TRIGGERS } from '../../entities/truncate-triggers.js';
import { Conflict, NotFound, Refused } from '../errors.js';

/**
 * What to do about one difference between the existing ops-db ("theirs") and ours: `add` or
 * `change` it (no data lost), `keep` theirs as it is (never dropped), or `refuse` (data would be lost).
 */
export type AdoptAction = 'add' | 'change' | 'keep' | 'refuse';

export interface SchemaDifferenceItem {
  table: string;
  kind: 'table' | 'column' | 'index' | 'constraint' | 'foreign key' | 'trigger' | 'type' | 'function';
  name: string;
  /** Ours: a column's type and nullability, an index's columns…; null where we have none. */
  ours: string | null;
  /** Theirs, likewise; null where they have none. */
  theirs: string | null;
  action: AdoptAction;
  reason: string;
  /** Rows concerned, where that decides (nulls under a NOT NULL, values too long for a narrower type). */
  rows?: number;
}

export interface TableComparison {
  table: string;
  /** `same`: as ours; `differs`; `missing` (ours, created); `theirs` (not ours, kept). */
  state: 'same' | 'differs' | 'missing' | 'theirs';
}

export interface AdoptionPlan {
  found: ExistingOpsDb;
  tables: TableComparison[];
  differences: SchemaDifferenceItem[];
  /** The differences that would lose data; when any, nothing is applied. */
  refused: SchemaDifferenceItem[];
  /** The migration for review: the schema changes, then our migrations recorded as applied, in one transaction. */
  sql: string;
  /** Our migrations it records as applied. */
  migrations: string[];
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const lit = (value: string) => `'${value.replaceAll("'", "''")}'`;
const bare = (table: string) => table.replace(/^public\./, '');

/**
 * `db adopt`: compares an ops-db another tool made (the Python package with Alembic) with ours,
 * table by table and column by column, and decides what a migration can do without losing data.
 * Reads only. NotFound when there is no ops-db to take over; an ops-db already ours has nothing to do.
 */
export async function planAdoption(orm: MikroORM): Promise<AdoptionPlan> {
  const found = await inspectExistingOpsDb(orm);
  if (found.migrationsRecorded === 0 && !isForeignOpsDb(found)) {
    throw new NotFound('there is no ops-db here to take over: no ops-db table and no alembic_version', [
      '`ccat-ops db init` creates the ops-db from empty',
    ]);
  }
  if (found.migrationsRecorded > 0) {
    return { found, tables: [], differences: [], refused: [], sql: '', migrations: [] };
  }
  const diff = await compareWithEntities(orm);
  const items: SchemaDifferenceItem[] = [];
  const tables: TableComparison[] = [];
  const count = async (sql: string) => Number((await orm.em.getConnection().execute<{ n: number }[]>(sql))[0]?.n ?? 0);

  for (const table of Object.values(diff.newTables)) {
    const name = bare(table.name);
    tables.push({ table: name, state: 'missing' });
    items.push({ table: name, kind: 'table', name, ours: 'table', theirs: null, action: 'add', reason: 'missing' });
  }
  for (const table of Object.values(diff.removedTables)) {
    const name = bare(table.name);
    if (name === MIGRATIONS_TABLE) continue; // created empty by `db status`: ours, filled below
    tables.push({ table: name, state: 'theirs' });
    items.push({
      table: name,
      kind: 'table',
      name,
      ours: null,
      theirs: 'table',
      action: 'keep',
      reason: 'not an ops-db table of ours: kept as it is',
    });
  }
  for (const e of diff.removedNativeEnums) {
    items.push({
      table: '',
      kind: 'type',
      name: e.name,
      ours: null,
      theirs: `enum (${((e as { items?: string[] }).items ?? []).join(', ')})`,
      action: 'keep',
      reason: 'kept; its ops-db columns become text checked by a constraint',
    });
  }
  for (const r of Object.values(diff.removedRoutines)) {
    items.push({
      table: '',
      kind: 'function',
      name: r.name,
      ours: null,
      theirs: 'function',
      action: 'keep',
      reason: 'kept',
    });
  }
  for (const r of Object.values(diff.newRoutines)) {
    items.push({
      table: '',
      kind: 'function',
      name: r.name,
      ours: 'function',
      theirs: null,
      action: 'add',
      reason: 'missing',
    });
  }
  for (const t of Object.values(diff.changedTables)) {
    if (bare(t.name) === MIGRATIONS_TABLE) continue;
    const before = items.length;
    await compareTable(t, items, count);
    tables.push({ table: bare(t.name), state: items.length > before ? 'differs' : 'same' });
  }
  const ours = new Set([...tables.map((t) => t.table)]);
  for (const t of found.opsTables) if (!ours.has(t)) tables.push({ table: t, state: 'same' });
  tables.sort((a, b) => a.table.localeCompare(b.table));

  const refused = items
    .filter((i) => i.action === 'refuse')
    .sort((a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name));
  const migrations = shippedMigrations();
  return {
    found,
    tables,
    differences: items,
    refused,
    sql: refused.length ? '' : adoptionScript(differenceSql(orm, safeDifference(diff)), migrations),
    migrations,
  };
}

/** The columns, indexes, constraints and triggers of one table that exists on both sides. */
async function compareTable(
  t: TableDifference,
  items: SchemaDifferenceItem[],
  count: (sql: string) => Promise<number>,
): Promise<void> {
  const table = bare(t.name);
  const item = (i: Omit<SchemaDifferenceItem, 'table'>) => items.push({ table, ...i });
  // A column of theirs MikroORM takes for one of ours renamed is not guessed at: ours is added, theirs kept.
  for (const [oldName, column] of Object.entries(t.renamedColumns)) {
    t.addedColumns[column.name] = column;
    const theirs = t.fromTable.getColumn(oldName);
    if (theirs) t.removedColumns[oldName] = theirs;
  }
  t.renamedColumns = {};
  for (const c of Object.values(t.addedColumns)) {
    const ours = describeColumn(c);
    if (c.nullable || (c.default !== undefined && c.default !== null) || c.autoincrement) {
      item({ kind: 'column', name: c.name, ours, theirs: null, action: 'add', reason: 'missing' });
      continue;
    }
    const rows = await count(`select count(*)::int as n from ${q(table)}`);
    item({
      kind: 'column',
      name: c.name,
      ours,
      theirs: null,
      action: rows === 0 ? 'add' : 'refuse',
      reason:
        rows === 0 ? 'missing (the table is empty)' : 'missing, NOT NULL without a default, and the table has rows',
      rows,
    });
  }
  for (const c of Object.values(t.removedColumns)) {
    const required = !c.nullable && (c.default === undefined || c.default === null) && !c.autoincrement;
    item({
      kind: 'column',
      name: c.name,
      ours: null,
      theirs: describeColumn(c),
      action: 'keep',
      reason: required
        ? 'not a column of ours: kept, but NOT NULL without a default, so ccat-ops cannot insert rows here'
        : 'not a column of ours: kept as it is',
    });
    if (required) items[items.length - 1]!.action = 'refuse';
  }
  for (const d of Object.values(t.changedColumns)) {
    const from = d.fromColumn;
    const to = d.column;
    const props = [...d.changedProperties].filter((p) => p !== 'comment' && p !== 'enumItems');
    if (props.length === 0) continue;
    const base = { kind: 'column' as const, name: to.name, ours: describeColumn(to), theirs: describeColumn(from) };
    const problems: { reason: string; rows?: number }[] = [];
    const changes: string[] = [];
    if (d.changedProperties.has('type')) {
      const verdict = typeChange(from, to);
      if (verdict.safe) changes.push(verdict.reason);
      else {
        const length = typeLength(to);
        const rows =
          length !== undefined
            ? await count(`select count(*)::int as n from ${q(table)} where length(${q(from.name)}::text) > ${length}`)
            : await count(`select count(*)::int as n from ${q(table)} where ${q(from.name)} is not null`);
        problems.push({ reason: verdict.reason, rows });
      }
    }
    if (d.changedProperties.has('nullable')) {
      if (to.nullable) changes.push('NOT NULL dropped');
      else {
        const rows = await count(`select count(*)::int as n from ${q(table)} where ${q(from.name)} is null`);
        if (rows === 0) changes.push('NOT NULL added (no row is null)');
        else problems.push({ reason: `NOT NULL, but ${rows} row(s) are null`, rows });
      }
    }
    if (d.changedProperties.has('generated'))
      problems.push({ reason: 'generated differently: the column would be rebuilt' });
    for (const p of props.filter((p) => !['type', 'nullable', 'generated'].includes(p))) changes.push(`${p} changed`);
    if (problems.length) {
      const rows = problems.find((p) => p.rows !== undefined)?.rows;
      item({
        ...base,
        action: 'refuse',
        reason: problems.map((p) => p.reason).join('; '),
        ...(rows !== undefined ? { rows } : {}),
      });
    } else {
      item({ ...base, action: 'change', reason: changes.join('; ') });
    }
  }
  for (const [oldName, index] of Object.entries(t.renamedIndexes)) {
    item({
      kind: 'index',
      name: index.keyName,
      ours: describeIndex(index.columnNames, index.unique),
      theirs: oldName,
      action: 'change',
      reason: `the same index named differently (theirs: ${oldName}): renamed to ours`,
    });
  }
  for (const index of Object.values(t.addedIndexes)) {
    item({
      kind: 'index',
      name: index.keyName,
      ours: describeIndex(index.columnNames, index.unique),
      theirs: null,
      action: 'add',
      reason: 'missing',
    });
  }
  for (const index of Object.values(t.changedIndexes)) {
    item({
      kind: 'index',
      name: index.keyName,
      ours: describeIndex(index.columnNames, index.unique),
      theirs: 'differs',
      action: 'change',
      reason: 'rebuilt as ours',
    });
  }
  for (const index of Object.values(t.removedIndexes)) {
    item({
      kind: 'index',
      name: index.keyName,
      ours: null,
      theirs: describeIndex(index.columnNames, index.unique),
      action: 'keep',
      reason: 'not an index of ours: kept',
    });
  }
  for (const check of Object.values(t.addedChecks)) {
    item({
      kind: 'constraint',
      name: check.name,
      ours: String(check.expression),
      theirs: null,
      action: 'add',
      reason: 'missing',
    });
  }
  for (const check of Object.values(t.changedChecks)) {
    item({
      kind: 'constraint',
      name: check.name,
      ours: String(check.expression),
      theirs: 'differs',
      action: 'change',
      reason: 'replaced by ours',
    });
  }
  for (const check of Object.values(t.removedChecks)) {
    item({
      kind: 'constraint',
      name: check.name,
      ours: null,
      theirs: String(check.expression),
      action: 'keep',
      reason: 'not a constraint of ours: kept',
    });
  }
  // Their foreign key on the same columns as one of ours is ours under another name: replaced by ours.
  const added = Object.values(t.addedForeignKeys);
  for (const [name, fk] of Object.entries(t.removedForeignKeys)) {
    const twin = added.find((a) => sameForeignKey(a, fk));
    if (twin) {
      item({
        kind: 'foreign key',
        name: twin.constraintName,
        ours: describeForeignKey(twin),
        theirs: fk.constraintName,
        action: 'change',
        reason: `the same foreign key named differently (theirs: ${fk.constraintName}): replaced by ours`,
      });
    } else {
      delete t.removedForeignKeys[name];
      item({
        kind: 'foreign key',
        name: fk.constraintName,
        ours: null,
        theirs: describeForeignKey(fk),
        action: 'keep',
        reason: 'not a foreign key of ours: kept',
      });
    }
  }
  for (const fk of added) {
    if (Object.values(t.removedForeignKeys).some((r) => sameForeignKey(fk, r))) continue;
    item({
      kind: 'foreign key',
      name: fk.constraintName,
      ours: describeForeignKey(fk),
      theirs: null,
      action: 'add',
      reason: 'missing',
    });
  }
  for (const fk of Object.values(t.changedForeignKeys)) {
    item({
      kind: 'foreign key',
      name: fk.constraintName,
      ours: describeForeignKey(fk),
      theirs: 'differs',
      action: 'change',
      reason: 'replaced by ours',
    });
  }
  for (const trigger of Object.values(t.addedTriggers)) {
    item({ kind: 'trigger', name: trigger.name, ours: 'trigger', theirs: null, action: 'add', reason: 'missing' });
  }
  for (const trigger of Object.values(t.changedTriggers)) {
    item({
      kind: 'trigger',
      name: trigger.name,
      ours: 'trigger',
      theirs: 'differs',
      action: 'change',
      reason: 'replaced by ours',
    });
  }
  for (const trigger of Object.values(t.removedTriggers)) {
    item({
      kind: 'trigger',
      name: trigger.name,
      ours: null,
      theirs: 'trigger',
      action: 'keep',
      reason: 'not a trigger of ours: kept',
    });
  }
}

/**
 * The difference with everything of theirs left alone: no table, column, index, constraint,
 * trigger, type or function of theirs is dropped (their foreign keys that ours replace excepted,
 * which `compareTable` left in place).
 */
function safeDifference(diff: SchemaDifference): SchemaDifference {
  const changedTables = Object.fromEntries(
    Object.entries(diff.changedTables)
      .filter(([, t]) => bare(t.name) !== MIGRATIONS_TABLE)
      .map(([k, t]) => [
        k,
        { ...t, removedColumns: {}, removedIndexes: {}, removedChecks: {}, removedTriggers: {}, removedPolicies: {} },
      ]),
  );
  return {
    ...diff,
    changedTables,
    removedTables: {},
    removedViews: {},
    removedRoutines: {},
    removedNativeEnums: [],
    orphanedForeignKeys: [],
  };
}

/** The whole takeover as one transaction: the schema changes, then our migrations recorded as applied. */
function adoptionScript(changes: string, migrations: string[]): string {
  return [
    'begin;',
    // A `timestamp` of theirs becomes our `timestamptz` read as UTC, as the original stores it.
    "set local time zone 'UTC';",
    changes ? (changes.endsWith(';') ? changes : `${changes};`) : '-- the schema already matches ours',
    // What our migrations filled in on our databases when they added a column, filled in on theirs.
    PACKAGE_SEALED_AT_BACKFILL,
    // Triggers the schema comparison cannot see (TRUNCATE ones), made as our migrations make them.
    ...TRUNCATE_TRIGGERS.map((t) => `drop trigger if exists ${q(t.name)} on ${q(t.table)};\n${t.sql}`),
    `create table if not exists ${q(MIGRATIONS_TABLE)} ("id" serial primary key, "name" varchar(255) not null, "executed_at" timestamptz not null default current_timestamp);`,
    `insert into ${q(MIGRATIONS_TABLE)} ("name") values\n${migrations.map((m) => `  (${lit(m)})`).join(',\n')};`,
    'commit;',
  ].join('\n');
}

export interface AdoptionResult extends AdoptionPlan {
  /** True when this run took the database over. */
  applied: boolean;
}

/**
 * Applies `expected` (a plan shown for confirmation) under the migration advisory lock: the plan is
 * made again there, and if it changed meanwhile nothing is applied. One transaction; a statement
 * that fails (old rows breaking a constraint of ours) rolls everything back.
 */
export async function adoptDatabase(db: OpenDatabase, expected: AdoptionPlan): Promise<AdoptionResult> {
  return withAdvisoryLock(db.url, LOCK_KEYS.migrate, 'migration', async () => {
    const plan = await planAdoption(db.orm);
    if (plan.found.migrationsRecorded > 0) return { ...plan, applied: false };
    if (plan.refused.length) throw refusal(plan);
    if (plan.sql !== expected.sql) {
      throw new Conflict('the database changed while you were deciding; nothing was applied', [
        'run `ccat-ops db adopt` again to see what it would do now',
      ]);
    }
    const client = newClient(db.url);
    await client.connect();
    try {
      await client.query(plan.sql);
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      const { message, constraint } = err as { message?: string; constraint?: string };
      throw new Refused(`db adopt stopped at a statement, and nothing was changed: ${message ?? String(err)}`, [
        constraint
          ? `repair the rows that break ${constraint} (\`ccat-ops db adopt --sql\` shows the migration), then run db adopt again`
          : '`ccat-ops db adopt --sql` shows the migration; run db adopt again with --verbose for details',
      ]);
    } finally {
      await client.end().catch(() => undefined);
    }
    return { ...plan, applied: true };
  });
}

/** The error for a plan that would lose data (its differences listed beside it). */
export function refusal(plan: AdoptionPlan): Refused {
  const what = plan.refused.map((i) => `${i.table}.${i.name}`).join(', ');
  return new Refused(
    `db adopt refuses: ${plan.refused.length} difference(s) would lose data (${what}); nothing was changed`,
    ['change those columns or rows of the existing database yourself so they fit ours, then run db adopt again'],
  );
}

function describeColumn(c: Column): string {
  return `${c.nativeEnumName ? `enum ${c.nativeEnumName}` : c.type}${c.nullable ? '' : ' not null'}${
    c.default !== undefined && c.default !== null ? ` default ${c.default}` : ''
  }`;
}

function describeIndex(columns: string[], unique: boolean): string {
  return `${unique ? 'unique ' : ''}(${columns.join(', ')})`;
}

function describeForeignKey(fk: ForeignKey): string {
  return `(${fk.columnNames.join(', ')}) → ${bare(fk.referencedTableName)} (${fk.referencedColumnNames.join(', ')})`;
}

function sameForeignKey(a: ForeignKey, b: ForeignKey): boolean {
  return (
    a.columnNames.join() === b.columnNames.join() &&
    bare(a.referencedTableName) === bare(b.referencedTableName) &&
    a.referencedColumnNames.join() === b.referencedColumnNames.join()
  );
}

/** A type's family and how much it holds, for telling a widening from a narrowing. */
interface TypeShape {
  family: string;
  rank: number;
}

const INTEGER_RANKS: Record<string, number> = {
  int2: 1,
  smallint: 1,
  int4: 2,
  int: 2,
  integer: 2,
  serial: 2,
  int8: 3,
  bigint: 3,
  bigserial: 3,
  numeric: 4,
  decimal: 4,
};
const FLOAT_RANKS: Record<string, number> = { float4: 1, real: 1, float8: 2, 'double precision': 2, double: 2 };

function shape(c: Column): TypeShape {
  const type = c.type.toLowerCase().trim();
  if (c.nativeEnumName)
    return { family: 'string', rank: Math.max(0, ...(c.enumItems ?? []).map((i) => i.length)) || 1 };
  const varchar = /^(?:varchar|character varying)(?:\((\d+)\))?$/.exec(type);
  if (varchar) return { family: 'string', rank: varchar[1] ? Number(varchar[1]) : Infinity };
  const char = /^(?:char|character|bpchar)(?:\((\d+)\))?$/.exec(type);
  if (char) return { family: 'string', rank: char[1] ? Number(char[1]) : 1 };
  if (type === 'text') return { family: 'string', rank: Infinity };
  const base = type.replace(/\(.*\)$/, '');
  if (base in INTEGER_RANKS) return { family: 'integer', rank: INTEGER_RANKS[base]! };
  if (base in FLOAT_RANKS) return { family: 'float', rank: FLOAT_RANKS[base]! };
  if (/^timestamp(\(\d+\))?( without time zone)?$/.test(type)) return { family: 'timestamp', rank: 1 };
  if (/^timestamptz(\(\d+\))?$|^timestamp(\(\d+\))? with time zone$/.test(type))
    return { family: 'timestamp', rank: 2 };
  if (type === 'json') return { family: 'json', rank: 1 };
  if (type === 'jsonb') return { family: 'json', rank: 2 };
  return { family: type, rank: 0 };
}

function typeLength(c: Column): number | undefined {
  const s = shape(c);
  return s.family === 'string' && Number.isFinite(s.rank) ? s.rank : undefined;
}

/** Whether changing a column from their type to ours keeps every value (a widening or a compatible cast). */
export function typeChange(from: Column, to: Column): { safe: boolean; reason: string } {
  const a = shape(from);
  const b = shape(to);
  const change = `${describeColumn({ ...from, nullable: true, default: undefined })} → ${to.type}`;
  if (a.family === b.family && b.rank >= a.rank) return { safe: true, reason: `widened: ${change}` };
  if (a.family === 'integer' && a.rank <= 2 && b.family === 'float' && b.rank === 2) {
    return { safe: true, reason: `widened: ${change}` };
  }
  if (a.family === b.family) return { safe: false, reason: `ours is narrower: ${change}` };
  return { safe: false, reason: `incompatible types: ${change}` };
}
