import { MikroORM } from '@mikro-orm/postgresql';
import { type ConnectionTarget } from '../config/connection.js';
import { statementTimeoutMs } from '../config/timeouts.js';
import { pgConfig } from './pg-config.js';
import { connectionError } from './connection-errors.js';
import type { EmbeddedServer } from './embedded-server.js';
import { ormOptions } from './orm-config.js';

export interface OpenDatabase {
  orm: MikroORM;
  target: ConnectionTarget;
  /** The URL the driver actually uses (for the embedded default, its server's socket or loopback port). */
  url: string;
  close(): Promise<void>;
  /** Stops the embedded server, if any (what `close` does after closing the ORM). */
  releaseEmbedded(): Promise<void>;
}

export interface OpenOptions {
  debug?: boolean;
  /**
   * Bound each statement by `CCAT_OPS_STATEMENT_TIMEOUT` (on a server): for commands meant to be
   * quick, not for migrations.
   */
  quick?: boolean;
}

/**
 * Starts the embedded server if that is the target, then opens the ORM and proves the connection
 * with one round trip, so every later failure is a query failure, not a connection one.
 */
export async function openDatabase(target: ConnectionTarget, options: OpenOptions = {}): Promise<OpenDatabase> {
  const driverOptions = pgConfig({
    statementTimeoutMs: options.quick && target.kind === 'server' ? statementTimeoutMs() : 0,
  });
  let embedded: EmbeddedServer | undefined;
  if (target.kind === 'embedded') embedded = await (await import('./open-embedded.js')).openEmbedded(target.dataDir);
  const url = embedded?.url ?? (target.kind === 'server' ? target.url : '');
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(
      ormOptions({ clientUrl: url, poolMax: embedded ? 1 : 4, driverOptions, debug: options.debug }),
    );
    await orm.em.getConnection().execute('select 1');
  } catch (err) {
    await orm?.close(true).catch(() => undefined);
    await embedded?.close();
    throw connectionError(err, target) ?? err;
  }
  const opened = orm;
  const releaseEmbedded = async () => {
    await embedded?.close();
    embedded = undefined;
  };
  return {
    orm: opened,
    target,
    url,
    releaseEmbedded,
    close: async () => {
      try {
        await opened.close(true);
      } finally {
        await releaseEmbedded();
      }
    },
  };
}
