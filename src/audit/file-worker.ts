import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHasher, type ChecksumAlgorithmName } from './checksum.js';

export interface HashTask {
  path: string;
  algorithm: ChecksumAlgorithmName;
}

export type HashResult = { digest: string; bytes: number } | { error: string };

export interface StatTask {
  root: string;
  paths: string[];
}

/** Per path: the size of a regular file, or an error code (`ENOTFILE` for anything else). */
export type StatResult = (number | string)[];

const CHUNK = 1 << 20;
let buffer: Buffer | undefined;

/**
 * Hashes one file with synchronous reads into one reused buffer: it runs in a worker thread (see
 * `file-workers.ts`), where blocking is the point, so each thread keeps one read in flight and the
 * hashing of the previous chunk never waits on the event loop. Errors come back as their code.
 */
export async function hashFile(task: HashTask): Promise<HashResult> {
  buffer ??= Buffer.allocUnsafe(CHUNK);
  let fd: number | undefined;
  try {
    const hasher = await createHasher(task.algorithm);
    fd = openSync(task.path, 'r');
    if (!fstatSync(fd).isFile()) return { error: 'ENOTFILE' };
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      hasher.update(buffer.subarray(0, n));
      bytes += n;
    }
    return { digest: hasher.digest(), bytes };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Stats many files in one task: a synchronous stat of a cached inode costs microseconds, far less
 * than a round trip through the thread pool per file; blocking is fine off the main thread.
 */
export function statFiles(task: StatTask): StatResult {
  return task.paths.map((p) => {
    try {
      const st = statSync(join(task.root, p));
      return st.isFile() ? st.size : 'ENOTFILE';
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? 'error';
    }
  });
}
