import { resolve } from 'node:path';
import pg from 'pg';
import { connectTimeoutMs, embeddedIdleMs, embeddedLockTimeoutMs } from '../config/timeouts.js';
import { Busy } from '../errors.js';
import { takeLock } from './embedded-lock.js';
import { prepareDataDir, serveEmbedded, type EmbeddedServer } from './embedded-server.js';
import { embeddedFiles, runningServer, socketUrl, type EmbeddedFiles } from './embedded-server-files.js';
import { startBackgroundServer } from './start-background-server.js';

/**
 * The embedded database for one command. One command at a time uses it, as when each command
 * opened PGlite itself: the command takes the session lock (waiting at most
 * `CCAT_OPS_EMBEDDED_LOCK_TIMEOUT`, then exit 75; a killed command's lock is taken over at once) and
 * holds it until `close`. It then connects to the background server on the private socket, starting
 * the server first when none runs; with `CCAT_OPS_EMBEDDED_IDLE=0` and no server running it opens
 * PGlite in this process instead, for this command only.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedServer> {
  const files = embeddedFiles(resolve(dataDir));
  const idleMs = embeddedIdleMs();
  const waitMs = embeddedLockTimeoutMs();
  prepareDataDir(files.dataDir);
  const releaseSession = await takeLock(files.sessionLock, {
    timeoutMs: waitMs,
    busy: () =>
      new Busy(`the embedded database at ${files.dataDir} is in use by another ccat-ops command`, [
        'wait for it to finish and try again (CCAT_OPS_EMBEDDED_LOCK_TIMEOUT sets how long to wait, in seconds)',
      ]),
  });
  try {
    const running = runningServer(files);
    if (running && (await freshSession(files, running.pid, waitMs))) {
      return { url: socketUrl(files), close: releaseSession };
    }
    if (idleMs === 0) {
      const server = await serveEmbedded(files.dataDir, { lockTimeoutMs: waitMs });
      return {
        url: server.url,
        close: async () => {
          try {
            await server.close();
          } finally {
            await releaseSession();
          }
        },
      };
    }
    await startBackgroundServer(files);
    return { url: socketUrl(files), close: releaseSession };
  } catch (err) {
    await releaseSession().catch(() => undefined);
    throw err;
  }
}

/**
 * Connects to the running server and clears the session for this command (`discard all`): PGlite
 * has one session for all its connections, so what an earlier command left (settings, prepared
 * statements, advisory locks, temporary tables) must not carry over, as it would not from one
 * connection to the next on a server. False when the server is gone (its socket refuses); exit 75
 * when it does not answer within the lock wait (a killed command's query still runs in it).
 */
async function freshSession(files: EmbeddedFiles, pid: number, waitMs: number): Promise<boolean> {
  const client = new pg.Client({
    connectionString: socketUrl(files),
    connectionTimeoutMillis: Math.max(waitMs, connectTimeoutMs()),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    if (/timeout/i.test((err as Error).message)) {
      throw new Busy(
        `the embedded database's server (pid ${pid}) did not answer within ${Math.round(Math.max(waitMs, connectTimeoutMs()) / 1000)} s: it is still busy with earlier work`,
        ['try again later (a query of a command that was stopped goes on in the server until it is done)'],
      );
    }
    return false; // refused, or the socket is gone: the server is exiting or was killed
  }
  try {
    await client.query('discard all');
  } finally {
    await client.end().catch(() => undefined);
  }
  return true;
}
