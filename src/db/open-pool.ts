import pg from 'pg';
import type { ConnectionTarget } from '../config/connection.js';
import { pgConfig } from './pg-config.js';
import { connectionError } from './connection-errors.js';
import type { EmbeddedServer } from './embedded-server.js';

export interface OpenPool {
  pool: pg.Pool;
  /** Where it connects (for connections of their own, such as a lock's). */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * A small pool of driver connections (no ORM) for commands that work in parallel (audits). On the
 * embedded default, one connection: PGlite serves a single session.
 */
export async function openPool(target: ConnectionTarget, max: number): Promise<OpenPool> {
  // No statement time-out: audits and registrations are long work by design.
  // Batches are small and many: planning parallel workers or JIT for them costs more than it saves.
  const config = pgConfig({
    options: target.kind === 'server' ? '-c jit=off -c max_parallel_workers_per_gather=0' : undefined,
  });
  let embedded: EmbeddedServer | undefined;
  if (target.kind === 'embedded') embedded = await (await import('./open-embedded.js')).openEmbedded(target.dataDir);
  const url = embedded?.url ?? (target.kind === 'server' ? target.url : '');
  const pool = new pg.Pool({
    ...config,
    connectionString: url,
    max: embedded ? 1 : max,
  });
  // A connection the server ends (pg_terminate_backend, a restart) is an 'error' event on its
  // client. pg-pool listens only while the client is idle, and an 'error' event nobody listens to
  // ends the process with a stack trace: so every client listens for good, and the query in
  // flight (or the next one) rejects, which the command reports as exit 69. Idle ones: the pool's.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    await embedded?.close();
    throw connectionError(err, target) ?? err;
  }
  return {
    pool,
    url,
    embedded: embedded !== undefined,
    close: async () => {
      try {
        await pool.end();
      } finally {
        await embedded?.close();
      }
    },
  };
}
