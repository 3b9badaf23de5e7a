import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { locate, type LocationRoot, type RealDirs } from '../files/inside-root.js';
import { createHasher, type ChecksumAlgorithmName } from './checksum.js';
import { CHANGED, judgeStat, type CopyResult } from './copy-check.js';

export { CHANGED };

export interface HashTask {
  root: LocationRoot;
  /** Relative to the root. */
  path: string;
  algorithm: ChecksumAlgorithmName;
}

/**
 * The checksum and size of what was read; `outside`: the path leads out of the root (not read);
 * or an error code (`ENOTFILE`: not a regular file, `ECHANGED`: it changed while being read).
 */
export type HashResult = { digest: string; bytes: number } | { outside: string } | { error: string };

export interface StatTask {
  root: LocationRoot;
  /** Relative to the root. */
  paths: string[];
}

/**
 * Per path: the size of a regular file, where it leads when that is outside the root, or an error
 * code (`ENOTFILE` for anything but a regular file).
 */
export type StatResult = (number | string | { outside: string })[];

const CHUNK = 1 << 20;
let buffer: Buffer | undefined;

/**
 * Hashes one file with synchronous reads into one reused buffer: it runs in a worker thread (see
 * `file-workers.ts`), where blocking is the point, so each thread keeps one read in flight and the
 * hashing of the previous chunk never waits on the event loop. The path is located inside the root
 * first and opened without following a link; the size is the descriptor's, taken after hashing,
 * and a file whose size or mtime changed meanwhile is `ECHANGED` (its digest describes no one
 * content). Errors come back as their code.
 */
export async function hashFile(task: HashTask): Promise<HashResult> {
  buffer ??= Buffer.allocUnsafe(CHUNK);
  const where = locate(task.root, task.path);
  if (!('real' in where)) return where;
  let fd: number | undefined;
  try {
    const hasher = await createHasher(task.algorithm);
    fd = openSync(where.real, constants.O_RDONLY | constants.O_NOFOLLOW);
    const before = fstatSync(fd);
    if (!before.isFile()) return { error: 'ENOTFILE' };
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      hasher.update(buffer.subarray(0, n));
      bytes += n;
    }
    const after = fstatSync(fd);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytes !== after.size) {
      return { error: CHANGED };
    }
    return { digest: hasher.digest(), bytes: after.size };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Stats many files in one task: a synchronous stat of a cached inode costs microseconds, far less
 * than a round trip through the thread pool per file; blocking is fine off the main thread. The
 * real paths of the task's directories are resolved once each.
 */
export function statFiles(task: StatTask): StatResult {
  const dirs: RealDirs = new Map();
  return task.paths.map((p) => {
    const where = locate(task.root, p, dirs);
    if ('real' in where) return where.stats.isFile() ? where.stats.size : 'ENOTFILE';
    return 'outside' in where ? where : where.error;
  });
}

export interface CheckTask {
  root: LocationRoot;
  mode: 'exists' | 'size';
  /**
   * Per copy, in one string each (one string crosses to a thread far faster than a thousand): ids
   * and paths (relative to the root) separated by NUL, which no path in the database holds; the
   * recorded sizes, NaN where none.
   */
  ids: string;
  paths: string;
  sizes: Float64Array;
}

/** How many copies passed and the bytes found; the others' results, and their places in the task. */
export interface CheckResult {
  ok: number;
  bytes: number;
  problems: { index: number; result: CopyResult }[];
}

/**
 * Stats and judges many copies in one task (`judgeStat`), answering with counts and only the copies
 * that did not pass: a sweep of a million copies then builds no result per copy on the main thread.
 */
export function checkFiles(task: CheckTask): CheckResult {
  const ids = task.ids.split('\0');
  const paths = task.paths.split('\0');
  const stats = statFiles({ root: task.root, paths });
  const out: CheckResult = { ok: 0, bytes: 0, problems: [] };
  for (let i = 0; i < stats.length; i++) {
    const size = Number.isNaN(task.sizes[i]) ? null : task.sizes[i];
    const copy = { id: ids[i], path: paths[i], size, checksum: null, algorithm: null };
    const result = judgeStat(copy, task.mode, stats[i]);
    out.bytes += result.bytes;
    if (result.outcome === 'ok') out.ok += 1;
    else out.problems.push({ index: i, result });
  }
  return out;
}
