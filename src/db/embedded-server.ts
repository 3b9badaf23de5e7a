import { mkdirSync, accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { embeddedLockTimeoutMs } from '../config/timeouts.js';
import { Busy, Unavailable } from '../errors.js';

export interface EmbeddedServer {
  /** A postgres:// URL the normal driver connects to. */
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the embedded PGlite database in `dataDir` and serves it on a loopback port, so the ORM talks
 * to it through the same PostgreSQL driver as to a real server. PGlite is single-process: a lock file
 * beside the data directory makes a second command wait for the first instead of corrupting it.
 */
export async function startEmbeddedServer(
  dataDir: string,
  lockTimeoutMs = embeddedLockTimeoutMs(),
): Promise<EmbeddedServer> {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    throw new Unavailable(
      `embedded data directory ${dataDir} is not writable (${(err as NodeJS.ErrnoException).code})`,
      ['set XDG_DATA_HOME to a writable directory, or configure a server with CCAT_OPS_DATABASE_URL'],
    );
  }

  const interval = 200;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dirname(dataDir), {
      lockfilePath: `${dataDir}.lock`,
      realpath: false,
      // Generous: a busy machine can starve the lock's refresh timer while PGlite compiles.
      stale: 60_000,
      update: 5_000,
      onCompromised: (err) =>
        process.stderr.write(`warning: the embedded database lock was not refreshed in time (${err.message})\n`),
      retries: { retries: Math.ceil(lockTimeoutMs / interval), factor: 1, minTimeout: interval, maxTimeout: interval },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new Busy(`the embedded database at ${dataDir} is in use by another ccat-ops command`, [
        'wait for it to finish and try again (CCAT_OPS_EMBEDDED_LOCK_TIMEOUT sets how long to wait, in seconds)',
      ]);
    }
    throw err;
  }

  try {
    // Loaded lazily: only the embedded path pays for the WebAssembly Postgres.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    return {
      url,
      close: async () => {
        try {
          await server.stop();
          await db.close();
        } finally {
          await release();
        }
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}
