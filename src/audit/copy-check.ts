import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isChecksumAlgorithm } from './checksum.js';
import type { FileWorkers } from './file-workers.js';

export type AuditModeName = 'exists' | 'size' | 'checksum';
export type CopyOutcome = 'ok' | 'missing' | 'size_mismatch' | 'checksum_mismatch' | 'unreadable' | 'unknown_algorithm';

/** A live copy as the database describes it: the copy's own values where set, else its item's. */
export interface CopyToCheck {
  id: string;
  path: string;
  size: number | null;
  checksum: string | null;
  algorithm: string | null;
}

export interface CopyResult {
  copy: CopyToCheck;
  outcome: CopyOutcome;
  /** Bytes read (checksum mode) or found on disk (other modes). */
  bytes: number;
  expected?: string;
  actual?: string;
}

const GONE = new Set(['ENOENT', 'ENOTDIR']);

/**
 * The outcome of an existence or size check from the file's stat: its size, or an error code
 * (`ENOTFILE`: there, but not a regular file).
 */
export function judgeStat(copy: CopyToCheck, mode: 'exists' | 'size', stat: number | string): CopyResult {
  if (typeof stat === 'string') {
    if (GONE.has(stat)) return { copy, outcome: 'missing', bytes: 0 };
    return { copy, outcome: 'unreadable', bytes: 0, actual: stat === 'ENOTFILE' ? 'not a regular file' : stat };
  }
  if (mode === 'size' && copy.size !== null && stat !== copy.size) {
    return { copy, outcome: 'size_mismatch', bytes: stat, expected: String(copy.size), actual: String(stat) };
  }
  return { copy, outcome: 'ok', bytes: stat };
}

/**
 * Verifies one copy's checksum against the file under `root`: size first (a file of the wrong size
 * is not read), then the whole file hashed on a worker thread with the algorithm stored beside the
 * checksum. Never writes anything.
 */
export async function verifyChecksum(root: string, copy: CopyToCheck, workers: FileWorkers): Promise<CopyResult> {
  const path = join(root, copy.path);
  const sized = judgeStat(
    copy,
    'size',
    await stat(path).then(
      (st) => (st.isFile() ? st.size : 'ENOTFILE'),
      (err: NodeJS.ErrnoException) => err.code ?? 'error',
    ),
  );
  if (sized.outcome !== 'ok') return sized;
  if (copy.checksum === null || !isChecksumAlgorithm(copy.algorithm)) {
    return { copy, outcome: 'unknown_algorithm', bytes: 0, expected: copy.algorithm ?? '(no checksum)' };
  }
  const result = await workers.hash({ path, algorithm: copy.algorithm });
  if ('error' in result) return judgeStat(copy, 'exists', result.error);
  const expected = `${copy.algorithm}:${copy.checksum.toLowerCase()}`;
  const actual = `${copy.algorithm}:${result.digest}`;
  return expected === actual
    ? { copy, outcome: 'ok', bytes: result.bytes }
    : { copy, outcome: 'checksum_mismatch', bytes: result.bytes, expected, actual };
}
