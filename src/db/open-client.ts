import pg from 'pg';
import type { ConnectionTarget } from '../config/connection.js';
import { connectionError } from './connection-errors.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.js';
import { connectTimeoutMs } from '../config/timeouts.js';

export interface OpenClient {
  client: pg.Client;
  close(): Promise<void>;
}

/**
 * A bare driver connection, for commands that need a few queries and no ORM (`doctor`): loading
 * MikroORM costs far more than the queries themselves.
 */
export async function openClient(target: ConnectionTarget): Promise<OpenClient> {
  let embedded: EmbeddedServer | undefined;
  if (target.kind === 'embedded') embedded = await startEmbeddedServer(target.dataDir);
  const url = embedded?.url ?? (target.kind === 'server' ? target.url : '');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs() });
  client.on('error', () => undefined); // a dropped connection surfaces on the next query instead
  try {
    await client.connect();
    // The views' queries are short; compiling them (JIT) costs more than it saves.
    if (target.kind === 'server') await client.query('set jit = off');
  } catch (err) {
    await embedded?.close();
    throw connectionError(err, target) ?? err;
  }
  return {
    client,
    close: async () => {
      try {
        await client.end();
      } finally {
        await embedded?.close();
      }
    },
  };
}
