import type pg from 'pg';
import type { ConnectionTarget } from '../config/connection.js';
import { connectionError } from './connection-errors.js';
import type { EmbeddedServer } from './embedded-server.js';
import { statementTimeoutMs } from '../config/timeouts.js';
import { newClient, pgConfig } from './pg-config.js';

export interface OpenClient {
  client: pg.Client;
  close(): Promise<void>;
}

/**
 * A bare driver connection, for commands that need a few queries and no ORM (`doctor`): loading
 * MikroORM costs far more than the queries themselves. Their statements are quick, so on a server
 * each is bounded by `CCAT_OPS_STATEMENT_TIMEOUT`.
 */
export async function openClient(target: ConnectionTarget): Promise<OpenClient> {
  const config = pgConfig({ statementTimeoutMs: target.kind === 'server' ? statementTimeoutMs() : 0 });
  let embedded: EmbeddedServer | undefined;
  // Loaded only for the embedded default: a server connection needs none of it.
  if (target.kind === 'embedded') embedded = await (await import('./open-embedded.js')).openEmbedded(target.dataDir);
  const url = embedded?.url ?? (target.kind === 'server' ? target.url : '');
  const client = newClient(url, config);
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
