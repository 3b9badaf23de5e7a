import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { embeddedLockTimeoutMs } from '../config/timeouts.js';
import { Busy, Unavailable } from '../errors.js';
import { isAlive, takeLock } from './embedded-lock.js';
import { embeddedFiles, liveServer } from './embedded-server-files.js';

export interface StopResult {
  /** The server's pid when one was running (and is stopped now); null when none was. */
  stopped: number | null;
}

/** How long a server may take to close PGlite after SIGTERM. */
const STOP_WAIT_MS = 30_000;

/**
 * Stops the embedded database's background server, if one runs: after the command using it now is
 * done (it waits for the session lock like any command, then exit 75), with SIGTERM, so it closes
 * PGlite cleanly and removes its socket and lock. Nothing to do when none runs.
 */
export async function stopBackgroundServer(dataDir: string): Promise<StopResult> {
  const files = embeddedFiles(resolve(dataDir));
  if (!(await liveServer(files))) return { stopped: null };
  const release = await takeLock(files.sessionLock, {
    timeoutMs: embeddedLockTimeoutMs(),
    busy: () =>
      new Busy(`the embedded database at ${files.dataDir} is in use by another ccat-ops command`, [
        'wait for it to finish and try again (CCAT_OPS_EMBEDDED_LOCK_TIMEOUT sets how long to wait, in seconds)',
      ]),
  });
  try {
    const server = await liveServer(files);
    if (!server) return { stopped: null }; // it went idle meanwhile
    process.kill(server.pid, 'SIGTERM');
    for (const deadline = Date.now() + STOP_WAIT_MS; isAlive(server.pid); await sleep(50)) {
      if (Date.now() > deadline) {
        throw new Unavailable(
          `the embedded database's server (pid ${server.pid}) did not stop within ${STOP_WAIT_MS / 1000} s`,
          [`it may still be finishing a long query: try again later, or see its log, ${files.log}`],
        );
      }
    }
    return { stopped: server.pid };
  } finally {
    await release();
  }
}
