import { describeTarget, type ConnectionTarget } from '../config/connection.js';
import type { OpenDatabase } from '../db/open-database.js';
import { migrationState } from './migrations.js';

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

/** What `doctor` reports: where the database is, that it answers, and how far its schema is. */
export async function diagnose(db: OpenDatabase, target: ConnectionTarget): Promise<DoctorReport> {
  const conn = db.orm.em.getConnection();
  const t0 = performance.now();
  const [row] = await conn.execute<{ server_version: string }[]>('show server_version');
  const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
  const state = await migrationState(db.orm);
  return {
    database: describeTarget(target),
    embedded: target.kind === 'embedded',
    source: target.source,
    environment: target.environment,
    connected: true,
    serverVersion: row.server_version,
    latencyMs,
    migrations: {
      applied: state.applied.length,
      pending: state.pending,
      latest: state.applied.at(-1)?.name ?? null,
    },
  };
}
