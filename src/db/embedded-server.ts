import { accessSync, chmodSync, constants, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { connectTimeoutMs, embeddedLockTimeoutMs } from '../config/timeouts.js';
import { Busy, Unavailable } from '../errors.js';
import { takeLock } from './embedded-lock.js';

export interface EmbeddedServer {
  /** A postgres:// URL the normal driver connects to. */
  url: string;
  close(): Promise<void>;
}

export interface ServingServer extends EmbeddedServer {
  /** How many connections it has open now. */
  connections(): number;
}

export interface ServeOptions {
  /** How long to wait for another process that has the database open (then exit 75). */
  lockTimeoutMs?: number;
  /** Serve on this Unix socket (the background server) instead of a loopback port. */
  socket?: string;
}

/** Creating a new database (initdb in WebAssembly) takes tens of seconds on a busy machine. */
export const MIN_START_MS = 120_000;

/** How long opening the embedded database may take before exit 69. */
export function startTimeoutMs(): number {
  return Math.max(connectTimeoutMs(), MIN_START_MS);
}

/**
 * Opens the embedded PGlite database in `dataDir` and serves it on a loopback port (or the Unix
 * socket `options.socket`), so the ORM talks to it through the same PostgreSQL driver as to a real
 * server. PGlite is single-process: the data directory's lock makes a second process wait for the
 * first instead of corrupting it.
 */
export async function serveEmbedded(dataDir: string, options: ServeOptions = {}): Promise<ServingServer> {
  const startMs = startTimeoutMs();
  prepareDataDir(dataDir);
  const release = await takeLock(`${dataDir}.lock`, {
    timeoutMs: options.lockTimeoutMs ?? embeddedLockTimeoutMs(),
    busy: () =>
      new Busy(`the embedded database at ${dataDir} is in use by another ccat-ops command`, [
        'wait for it to finish and try again (CCAT_OPS_EMBEDDED_LOCK_TIMEOUT sets how long to wait, in seconds)',
      ]),
  });

  try {
    // Loaded lazily: only the embedded path pays for the WebAssembly Postgres.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    const db = await within(PGlite.create(dataDir), startMs, dataDir);
    const socket = options.socket;
    // A socket left by a killed server: the lock is ours, so nobody serves on it any more.
    if (socket) rmSync(socket, { force: true });
    const server = socket
      ? new PGLiteSocketServer({ db, path: socket, maxConnections: 8 })
      : new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    try {
      await within(server.start(), startMs, dataDir);
      if (socket) chmodSync(socket, 0o600);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
    const host = socket ? encodeURIComponent(dirname(socket)) : server.getServerConn();
    const url = `postgres://postgres@${host}/postgres`;
    return {
      url,
      connections: () => server.getStats().activeConnections,
      close: async () => {
        try {
          await server.stop();
          await db.close();
        } finally {
          if (socket) rmSync(socket, { force: true });
          await release();
        }
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}

/** Creates the data directory if need be; exit 69 naming it when it cannot be or is not writable. */
export function prepareDataDir(dataDir: string): void {
  try {
    makeDirectories(dataDir);
    if (!statSync(dataDir).isDirectory()) throw Object.assign(new Error(), { code: 'EISFILE' });
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Unavailable(
      `embedded data directory ${dataDir} is ${code === 'EISFILE' ? 'a file, not a directory' : `not writable (${code})`}`,
      ['set XDG_DATA_HOME to a writable directory, or configure a server with CCAT_OPS_DATABASE_URL'],
    );
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir loops for ever where the kernel answers
 * ENOENT for a directory whose parent exists (under /proc), so that case must fail instead.
 */
function makeDirectories(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectories(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** What to do about a data directory PGlite cannot open. */
const UNUSABLE =
  'check that the data directory is a PGlite database on a local, writable disk (or move it aside), or configure a server with CCAT_OPS_DATABASE_URL';

/**
 * The embedded server's start, bounded: exit 69 when it fails or takes longer than `ms` (an
 * unusable data directory), instead of a stack trace or waiting for ever.
 */
async function within<T>(work: Promise<T>, ms: number, dataDir: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The start cannot be cancelled; make sure it does not keep the process alive after the error.
      setTimeout(() => process.exit(), 5_000).unref();
      reject(
        new Unavailable(`the embedded database at ${dataDir} did not start within ${Math.round(ms / 1000)} s`, [
          UNUSABLE,
        ]),
      );
    }, ms);
  });
  const failed = (err: unknown) => {
    // PGlite rejects with plain objects too (e.g. a data directory that is a file): say what it holds.
    const e = err as { message?: unknown; code?: unknown; errno?: unknown };
    const why =
      err instanceof Error
        ? err.message
        : typeof e?.message === 'string'
          ? e.message
          : typeof e?.code === 'string'
            ? e.code
            : (JSON.stringify(err) ?? String(err));
    throw new Unavailable(`the embedded database at ${dataDir} could not be opened: ${why}`, [UNUSABLE]);
  };
  try {
    return await Promise.race([work.catch(failed), late]);
  } finally {
    clearTimeout(timer);
  }
}
