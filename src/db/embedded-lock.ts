import { readFileSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { Busy } from '../errors.js';

/** A lock not refreshed for this long is stale whoever holds it (another host, a reused pid). */
const STALE_MS = 60_000;
/** Who holds the lock, inside the lock directory (so it names that lock and no other). */
const HOLDER = 'holder';

export interface LockOptions {
  /** How long to wait for a live holder; 0: one try. */
  timeoutMs: number;
  /** The error when the lock is still held after the wait (exit 75). */
  busy: () => Busy;
}

/** Who holds a lock: the host, the pid and (where /proc tells) when that process started. */
export interface LockHolder {
  host: string;
  pid: number;
  /** The process's start time (clock ticks after boot): tells the holder from a process that got its pid later. */
  started?: number;
}

/**
 * Takes the lock directory `lockPath` (proper-lockfile), waiting at most `timeoutMs` for another
 * process that holds it, then throws `busy()`. The lock names its holder (host, pid, start time): a
 * lock whose holder died on this host is taken over at once; a holder alive on this host keeps it,
 * also when a long query in PGlite kept it from refreshing the lock; any other lock is stale once it
 * has not been refreshed for a minute. Resolves to the function that releases it.
 */
export async function takeLock(lockPath: string, options: LockOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let release: (() => Promise<void>) | undefined;
    try {
      // The first argument only names the lock inside proper-lockfile (its table of this process's
      // locks): one name per lock, so a process can hold several.
      release = await lockfile.lock(lockPath.replace(/\.lock$/, ''), {
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
      const holder: LockHolder = { host: hostname(), pid: process.pid, started: startTime(process.pid) };
      writeFileSync(join(lockPath, HOLDER), JSON.stringify(holder));
      utimesSync(lockPath, atime, mtime);
    } catch (err) {
      await release?.().catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found it stale by age and could not remove it (the holder file).
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw err;
      if (await removeIfStale(lockPath)) continue;
      if (Date.now() >= deadline) throw options.busy();
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

/** Who holds the lock, as it wrote itself into it. */
export function lockHolder(lockPath: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(join(lockPath, HOLDER), 'utf8')) as Record<string, unknown>;
    if (typeof holder.host !== 'string' || !Number.isInteger(holder.pid)) return undefined;
    const started = Number.isInteger(holder.started) ? (holder.started as number) : undefined;
    return { host: holder.host, pid: holder.pid as number, started };
  } catch {
    return undefined; // not written yet, or an older version's lock: judged by age only
  }
}

/**
 * Removes the lock when its holder is provably gone; true when it did (or the lock vanished).
 * Several processes may find the same dead lock: a short lock of its own lets one of them check and
 * remove it, so none removes the fresh lock of a process that got in between.
 */
async function removeIfStale(lockPath: string): Promise<boolean> {
  let releaseCheck: () => Promise<void>;
  try {
    releaseCheck = await lockfile.lock(`${lockPath.replace(/\.lock$/, '')}.takeover`, {
      realpath: false,
      stale: 5_000,
    });
  } catch {
    return false; // another process is checking it
  }
  try {
    let refreshed: number;
    try {
      refreshed = statSync(lockPath).mtimeMs;
    } catch {
      return true; // released meanwhile
    }
    const holder = lockHolder(lockPath);
    const here = holder !== undefined && holder.host === hostname();
    const alive = here && holderAlive(holder);
    if (here && alive && holder.started !== undefined) return false; // provably the holder, however late its refresh
    if (!(here && !alive) && refreshed > Date.now() - STALE_MS) return false;
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

/** The holder's process is alive and (where its start time is known) is still that process. */
function holderAlive(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return false;
  const started = holder.started === undefined ? undefined : startTime(holder.pid);
  return started === undefined || started === holder.started;
}

/** When process `pid` started, in clock ticks after boot (Linux /proc; undefined elsewhere). */
export function startTime(pid: number): number | undefined {
  try {
    // The fields after the command name (which may hold spaces and parentheses); starttime is the 22nd.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
