import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { locate, type LocationRoot, type RealDirs } from '../files/inside-root.js';
import { createHasher, type ChecksumAlgorithmName } from './checksum.js';
import { unescapeCopy } from '../views/copy-text.js';
import { CHANGED, judgeStat, sizeAgrees, type CopyResult } from './copy-check.js';

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
  return task.paths.map((p) => statPath(task.root, p, dirs));
}

/** The size of the regular file at `rel` (relative to the root), where it leads outside the root, or an error code. */
function statPath(root: LocationRoot, rel: string, dirs: RealDirs): number | string | { outside: string } {
  const where = locate(root, rel, dirs);
  if ('real' in where) return where.stats.isFile() ? where.stats.size : 'ENOTFILE';
  return 'outside' in where ? where : where.error;
}

export interface CheckTask {
  root: LocationRoot;
  mode: 'exists' | 'size';
  /**
   * Copies as the sweep's query sends them (`sweptCopies`): COPY text rows of id, path (relative
   * to the root), recorded size and whether the copy is live (only live ones are checked). One
   * string crosses to a thread far faster than the thousand it holds, and the main thread then
   * does nothing per copy but find where its row ends.
   */
  rows: string;
  /** The rows come by id: each id must be greater than the one before (else the task fails). */
  byId: boolean;
  /** Also answer with the ids of the copies that passed (to settle their open findings). */
  passed: boolean;
}

/** How many copies were checked and passed, the bytes found; the others' results; `passed`: as asked. */
export interface CheckResult {
  checked: number;
  ok: number;
  bytes: number;
  problems: CopyResult[];
  passed: string[];
}

const LIVE = 0x74; // `t`

/**
 * Stats and judges many copies in one task (`judgeStat`), answering with counts and only the copies
 * that did not pass: a sweep of a million copies then builds no result per copy on either thread.
 */
export function checkFiles(task: CheckTask): CheckResult {
  const { rows, mode } = task;
  const dirs: RealDirs = new Map();
  const out: CheckResult = { checked: 0, ok: 0, bytes: 0, problems: [], passed: [] };
  let previous = -Infinity;
  for (let at = 0; at < rows.length;) {
    const a = rows.indexOf('\t', at);
    const b = rows.indexOf('\t', a + 1);
    const c = rows.indexOf('\t', b + 1);
    const row = at;
    const end = rows.indexOf('\n', c);
    at = end < 0 ? rows.length : end + 1; // the last row may come without its newline
    if (task.byId) {
      const id = Number(rows.slice(row, a));
      if (!(id > previous)) {
        throw new Error(`the database sorted the copies unlike the sweep ('${previous}' before '${id}')`);
      }
      previous = id;
    }
    if (rows.charCodeAt(c + 1) !== LIVE) continue; // held, not live: it only accounts for its path
    out.checked += 1;
    const path = unescapeCopy(rows.slice(a + 1, b));
    const sizeText = rows.slice(b + 1, c);
    const size = sizeText === '\\N' ? null : Number(sizeText);
    const stat = statPath(task.root, path, dirs);
    if (typeof stat === 'number' && sizeAgrees(mode, size, stat)) {
      out.ok += 1;
      out.bytes += stat;
      if (task.passed) out.passed.push(rows.slice(row, a));
      continue;
    }
    const result = judgeStat({ id: rows.slice(row, a), path, size, checksum: null, algorithm: null }, mode, stat);
    out.bytes += result.bytes;
    out.problems.push(result);
  }
  return out;
}
