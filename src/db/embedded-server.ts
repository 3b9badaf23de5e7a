import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { connectTimeoutMs, embeddedLockTimeoutMs } from '../config/timeouts.js';
import { Busy, Unavailable } from '../errors.js';

export interface EmbeddedServer {
  /** A postgres:// URL the normal driver connects to. */
  url: string;
  close(): Promise<void>;
}

/** A lock not refreshed for this long is stale whoever holds it (another host, a reused pid). */
const STALE_MS = 60_000;
/** Creating a new database (initdb in WebAssembly) takes tens of seconds on a busy machine. */
const MIN_START_MS = 120_000;
/** Who holds the lock, inside the lock directory (so it names that lock and no other). */
const HOLDER = 'holder';

/**
 * Opens the embedded PGlite database in `dataDir` and serves it on a loopback port, so the ORM talks
 * to it through the same PostgreSQL driver as to a real server. PGlite is single-process: a lock file
 * beside the data directory makes a second command wait for the first instead of corrupting it.
 */
export async function startEmbeddedServer(
  dataDir: string,
  lockTimeoutMs = embeddedLockTimeoutMs(),
): Promise<EmbeddedServer> {
  const startMs = Math.max(connectTimeoutMs(), MIN_START_MS);
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

  const release = await lockDataDir(dataDir, lockTimeoutMs);

  try {
    // Loaded lazily: only the embedded path pays for the WebAssembly Postgres.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    const db = await within(PGlite.create(dataDir), startMs, dataDir);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await within(server.start(), startMs, dataDir);
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

/**
 * Takes the lock beside `dataDir`, waiting at most `timeoutMs` for another command that holds it
 * (then exit 75). The lock names its holder (host and pid): a lock whose holder died on this host is
 * taken over at once; any other is stale once it has not been refreshed for a minute.
 */
async function lockDataDir(dataDir: string, timeoutMs: number): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let release: (() => Promise<void>) | undefined;
    try {
      release = await lockfile.lock(dirname(dataDir), {
        lockfilePath: lockPath,
        realpath: false,
        // Generous: a busy machine can starve the lock's refresh timer while PGlite compiles.
        stale: STALE_MS,
        update: 5_000,
        onCompromised: (err) =>
          process.stderr.write(`warning: the embedded database lock was not refreshed in time (${err.message})\n`),
      });
      // proper-lockfile takes a changed mtime of the lock for another process's: keep it as it was.
      const { atime, mtime } = statSync(lockPath);
      writeFileSync(join(lockPath, HOLDER), JSON.stringify({ host: hostname(), pid: process.pid }));
      utimesSync(lockPath, atime, mtime);
    } catch (err) {
      await release?.().catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found it stale by age and could not remove it (the holder file).
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw err;
      if (await removeIfStale(dataDir, lockPath)) continue;
      if (Date.now() >= deadline) {
        throw new Busy(`the embedded database at ${dataDir} is in use by another ccat-ops command`, [
          'wait for it to finish and try again (CCAT_OPS_EMBEDDED_LOCK_TIMEOUT sets how long to wait, in seconds)',
        ]);
      }
      await sleep(200);
      continue;
    }
    const held = release;
    return async () => {
      rmSync(join(lockPath, HOLDER), { force: true });
      await held();
    };
  }
}

/**
 * Removes the lock when its holder is provably gone; true when it did (or the lock vanished).
 * Several commands may find the same dead lock: a short lock of its own lets one of them check and
 * remove it, so none removes the fresh lock of a command that got in between.
 */
async function removeIfStale(dataDir: string, lockPath: string): Promise<boolean> {
  let releaseCheck: () => Promise<void>;
  try {
    releaseCheck = await lockfile.lock(`${dataDir}.takeover`, { realpath: false, stale: 5_000 });
  } catch {
    return false; // another command is checking it
  }
  try {
    let refreshed: number;
    try {
      refreshed = statSync(lockPath).mtimeMs;
    } catch {
      return true; // released meanwhile
    }
    const holder = readHolder(lockPath);
    const dead = holder !== undefined && holder.host === hostname() && !isAlive(holder.pid);
    if (!dead && refreshed > Date.now() - STALE_MS) return false;
    rmSync(join(lockPath, HOLDER), { force: true });
    try {
      rmdirSync(lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return true;
  } finally {
    await releaseCheck().catch(() => undefined);
  }
}

function readHolder(lockPath: string): { host: string; pid: number } | undefined {
  try {
    const holder = JSON.parse(readFileSync(join(lockPath, HOLDER), 'utf8')) as { host?: unknown; pid?: unknown };
    return typeof holder.host === 'string' && Number.isInteger(holder.pid)
      ? { host: holder.host, pid: holder.pid as number }
      : undefined;
  } catch {
    return undefined; // not written yet, or an older version's lock: judged by age only
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
