import pg from 'pg';
import { checkTimeouts, connectTimeoutMs } from '../config/timeouts.js';

export interface PgOptions {
  /** Bound every statement (`statement_timeout`, ms); 0 or absent: no bound. */
  statementTimeoutMs?: number;
  /** Server settings for the session (`-c name=value …`). */
  options?: string;
}

/**
 * How every driver connection of the tool is configured, so the connect time-out
 * (`CCAT_OPS_CONNECT_TIMEOUT`) covers each of them: it runs from the TCP connect until the server
 * is ready for queries, so a server that accepts and never answers is given up on too. Every
 * time-out variable is checked here, before anything connects or starts.
 */
export function pgConfig(opts: PgOptions = {}): pg.PoolConfig {
  checkTimeouts();
  return {
    connectionTimeoutMillis: connectTimeoutMs(),
    // Sent with the start-up packet, so it holds on every connection a pool opens.
    statement_timeout: opts.statementTimeoutMs || undefined,
    options: opts.options,
    // Notices a server that vanished without closing the connection (host down, network cut).
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
  };
}

/** One driver connection to `url` with the tool's settings; a dropped connection surfaces on the next query. */
export function newClient(url: string, config: pg.ClientConfig = pgConfig()): pg.Client {
  const client = new pg.Client({ ...config, connectionString: url });
  client.on('error', () => undefined);
  return client;
}
