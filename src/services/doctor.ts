import type pg from 'pg';
import { describeTarget, type ConnectionTarget } from '../config/connection.js';
import { MIGRATIONS_TABLE, shippedMigrations } from '../db/migration-files.js';

export interface DoctorReport {
  database: string;
  embedded: boolean;
  source: string;
  environment: string;
  connected: boolean;
  serverVersion: string;
  latencyMs: number;
  migrations: { applied: number; pending: string[]; latest: string | null };
}

/**
 * What `doctor` reports: where the database is, that it answers, and how far its schema is.
 * Reads the migrations table directly and changes nothing, so it is safe on a read replica.
 */
export async function diagnose(client: pg.Client, target: ConnectionTarget): Promise<DoctorReport> {
  const t0 = performance.now();
  const version = await client.query<{ server_version: string }>('show server_version');
  const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
  const table = await client.query<{ present: boolean }>('select to_regclass($1) is not null as present', [
    MIGRATIONS_TABLE,
  ]);
  const applied = table.rows[0].present
    ? (await client.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE} order by id`)).rows.map((r) => r.name)
    : [];
  const done = new Set(applied);
  return {
    database: describeTarget(target),
    embedded: target.kind === 'embedded',
    source: target.source,
    environment: target.environment,
    connected: true,
    serverVersion: version.rows[0].server_version,
    latencyMs,
    migrations: {
      applied: applied.length,
      pending: shippedMigrations().filter((m) => !done.has(m)),
      latest: applied.at(-1) ?? null,
    },
  };
}
