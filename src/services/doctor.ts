import { resolve } from 'node:path';
import type pg from 'pg';
import { describeTarget, type ConnectionTarget } from '../config/connection.js';
import type { ReadTarget } from '../config/read-connection.js';
import { MIGRATIONS_TABLE, shippedMigrations } from '../db/migration-files.js';
import { openClient, type OpenClient } from '../db/open-client.js';
import { replicaStatus } from '../replica/replica-status.js';

export interface DoctorReport {
  database: string;
  embedded: boolean;
  source: string;
  environment: string;
  connected: boolean;
  serverVersion: string;
  latencyMs: number;
  migrations: { applied: number; pending: string[]; latest: string | null };
  /** On the embedded default: what serves it. */
  embeddedServer?: EmbeddedServerReport;
  /** The read replica, when one is configured; null otherwise. */
  readEndpoint?: ReadEndpointReport | null;
}

/** What serves the embedded database (README "Configuration"). */
export interface EmbeddedServerReport {
  /** `background`: a server process of its own that later commands reuse; `in-process`: each command opens PGlite itself (`CCAT_OPS_EMBEDDED_IDLE=0`). */
  mode: 'background' | 'in-process';
  pid: number | null;
  socket: string | null;
  /** Seconds without a connection after which the background server exits. */
  idleSeconds: number | null;
  startedAt: string | null;
  /** The background server's log. */
  log: string;
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
    ...(target.kind === 'embedded' ? { embeddedServer: await embeddedServerReport(target.dataDir) } : {}),
  };
}

async function embeddedServerReport(dataDir: string): Promise<EmbeddedServerReport> {
  const { embeddedFiles, liveServer } = await import('../db/embedded-server-files.js');
  const files = embeddedFiles(resolve(dataDir));
  const server = await liveServer(files);
  return {
    mode: server ? 'background' : 'in-process',
    pid: server?.pid ?? null,
    socket: server?.socket ?? null,
    idleSeconds: server?.idleSeconds ?? null,
    startedAt: server?.startedAt ?? null,
    log: files.log,
  };
}

/** What `doctor` says of the read endpoint (DESIGN §4). */
export interface ReadEndpointReport {
  database: string;
  source: string;
  reachable: boolean;
  /** Why it is not reachable (then reads fall back to the primary). */
  error?: string;
  serverVersion?: string;
  /** `pg_is_in_recovery()`: a streaming standby says true. */
  standby?: boolean;
  /** Replay lag in seconds (0 when caught up; null when unknown), and the time its data is current as of. */
  lagSeconds?: number | null;
  asOf?: string | null;
  paused?: boolean;
}

/** Connects to the read endpoint and reports whether it is a standby and how far behind it is. */
export async function diagnoseReadEndpoint(target: ReadTarget): Promise<ReadEndpointReport> {
  const base = { database: describeTarget(target), source: target.source };
  let opened: OpenClient;
  try {
    opened = await openClient(target);
  } catch (err) {
    return { ...base, reachable: false, error: (err as Error).message };
  }
  try {
    const version = await opened.client.query<{ server_version: string }>('show server_version');
    const status = await replicaStatus(async (sql) => (await opened.client.query(sql)).rows);
    return {
      ...base,
      reachable: true,
      serverVersion: version.rows[0].server_version,
      standby: status.standby,
      lagSeconds: status.lagSeconds,
      asOf: status.asOf,
      paused: status.paused,
    };
  } finally {
    await opened.close();
  }
}
