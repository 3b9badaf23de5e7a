/**
 * The embedded database's background server, a process of its own: `node embedded-daemon.js DATA_DIR`.
 * It opens PGlite once (holding the data directory's lock, as a command serving it itself would),
 * serves it on a Unix socket in a directory only this user can enter, and exits after
 * `CCAT_OPS_EMBEDDED_IDLE` seconds without a connection, or on SIGTERM, SIGINT or SIGHUP, removing its
 * socket and state and releasing the lock. Started by `startBackgroundServer`, which it tells over
 * the IPC channel that it serves (or why it cannot); its stdout and stderr are its log file.
 */
import { Busy, OpsError } from '../errors.js';
import { embeddedIdleMs } from '../config/timeouts.js';
import { takeLock } from './embedded-lock.js';
import { serveEmbedded, type ServingServer } from './embedded-server.js';
import { embeddedFiles, makePrivateDir, removeServerFiles, writeState } from './embedded-server-files.js';
import type { StartMessage } from './start-background-server.js';

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} [${process.pid}] ${message}\n`);
}

/** Tells the command that started it, then lets go of the channel (once the message is written). */
function tell(message: StartMessage): void {
  process.send?.(message, () => {
    if (process.connected) process.disconnect();
  });
}

async function main(dataDir: string): Promise<void> {
  const files = embeddedFiles(dataDir);
  const idleMs = embeddedIdleMs();
  let server: ServingServer;
  try {
    makePrivateDir(files);
    server = await serveEmbedded(dataDir, { socket: files.socket });
  } catch (err) {
    const e = err instanceof OpsError ? err : undefined;
    const message = err instanceof Error ? err.message : String(err);
    log(`could not start: ${message}`);
    tell({ ready: false, message, actions: e?.actions ?? [], exitCode: e?.exitCode ?? 1 });
    process.exitCode = e?.exitCode ?? 1;
    return;
  }
  writeState(files, {
    pid: process.pid,
    socket: files.socket,
    idleSeconds: idleMs / 1000,
    startedAt: new Date().toISOString(),
  });
  log(`serving ${dataDir} on ${files.socket}; exits after ${idleMs / 1000} s without a connection`);
  tell({ ready: true, pid: process.pid });

  let lastUsed = Date.now();
  let stopping = false;
  const stop = async (why: string, releaseSession?: () => Promise<void>) => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    log(`stopping (${why})`);
    removeServerFiles(files); // no command finds it from now on
    let code = 0;
    try {
      await server.close();
    } catch (err) {
      log(`could not close the database cleanly: ${(err as Error).message}`);
      code = 1;
    } finally {
      await releaseSession?.().catch(() => undefined);
      log('stopped');
      process.exit(code);
    }
  };

  // Idle: no connection for idleMs. It exits holding the session lock, so no command can be between
  // taking that lock (having found this server) and connecting to it.
  const ticker = setInterval(
    () => {
      if (stopping) return;
      if (server.connections() > 0) {
        lastUsed = Date.now();
        return;
      }
      if (Date.now() - lastUsed < idleMs) return;
      void takeLock(files.sessionLock, { timeoutMs: 0, busy: () => new Busy('in use') }).then(
        (release) => (server.connections() > 0 ? release() : stop('idle', release)),
        () => undefined, // a command holds it: it is about to connect
      );
    },
    Math.min(1_000, Math.max(100, idleMs / 4)),
  );
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
}

process.on('uncaughtException', (err) => {
  log(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
const dataDir = process.argv[2];
if (!dataDir) {
  log('usage: embedded-daemon DATA_DIR');
  process.exitCode = 2;
} else {
  await main(dataDir);
}
