import type { MikroORM } from '@mikro-orm/postgresql';
import { Refused } from '../errors.js';
import { ownTables } from './drop-own-objects.js';
import { MIGRATIONS_TABLE } from './migration-files.js';

/** What a database holds of an ops-db before ccat-ops looks after it. */
export interface ExistingOpsDb {
  /** Tables with the names of ours (ops-db tables), in the current schema. */
  opsTables: string[];
  /** The Alembic revision of the original Python package, when its `alembic_version` table is there. */
  alembicVersion: string | null;
  /** Whether our migrations table is there (`db status` creates it empty). */
  migrationsTable: boolean;
  /** Migrations recorded in it (0 when it is missing). */
  migrationsRecorded: number;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Reads which ops-db tables, Alembic revision and ccat-ops migrations the database has. */
export async function inspectExistingOpsDb(orm: MikroORM): Promise<ExistingOpsDb> {
  const conn = orm.em.getConnection();
  const ours = ownTables(orm).filter((t) => t !== MIGRATIONS_TABLE);
  const present = await conn.execute<{ name: string }[]>(
    `select table_name as name from information_schema.tables where table_schema = current_schema()`,
  );
  const names = new Set(present.map((r) => r.name));
  let alembicVersion: string | null = null;
  if (names.has('alembic_version')) {
    const rows = await conn.execute<{ v: string }[]>(`select string_agg(version_num, ', ') as v from alembic_version`);
    alembicVersion = rows[0]?.v ?? '';
  }
  let migrationsRecorded = 0;
  if (names.has(MIGRATIONS_TABLE)) {
    const rows = await conn.execute<{ n: number }[]>(`select count(*)::int as n from ${q(MIGRATIONS_TABLE)}`);
    migrationsRecorded = rows[0]?.n ?? 0;
  }
  return {
    opsTables: ours.filter((t) => names.has(t)),
    alembicVersion,
    migrationsTable: names.has(MIGRATIONS_TABLE),
    migrationsRecorded,
  };
}

/** An ops-db ccat-ops did not create: its tables (or Alembic's) are there, our migrations are not. */
export function isForeignOpsDb(found: ExistingOpsDb): boolean {
  return found.migrationsRecorded === 0 && (found.opsTables.length > 0 || found.alembicVersion !== null);
}

/** One line saying what was found, e.g. "23 ops-db tables and alembic_version 1a2b3c". */
export function describeExistingOpsDb(found: ExistingOpsDb): string {
  const parts: string[] = [];
  if (found.opsTables.length) {
    parts.push(`${found.opsTables.length} ops-db table${found.opsTables.length === 1 ? '' : 's'}`);
  }
  if (found.alembicVersion !== null) parts.push(`alembic_version ${found.alembicVersion || '(empty)'}`);
  return parts.join(' and ') || 'no ops-db table';
}

/**
 * `db init` and `db migrate` on an ops-db another tool made (the Python package with Alembic): our
 * first migration would fail on its tables halfway, so they stop before writing anything and point
 * to `db adopt`, which compares the schemas and takes it over without losing data.
 */
export async function assertNotForeignOpsDb(orm: MikroORM, command: string): Promise<void> {
  const found = await inspectExistingOpsDb(orm);
  if (!isForeignOpsDb(found)) return;
  throw new Refused(
    `${command}: found ${describeExistingOpsDb(found)}, but ${found.migrationsTable ? `no migration recorded in ccat-ops' migrations table (${MIGRATIONS_TABLE})` : `no ccat-ops migrations table (${MIGRATIONS_TABLE})`}; nothing was changed`,
    [
      '`ccat-ops db adopt` compares that schema with ours and takes it over without losing data (`--sql` shows the SQL first)',
    ],
  );
}
