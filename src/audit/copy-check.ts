import type { LocationRoot } from '../files/inside-root.js';
import { isChecksumAlgorithm } from './checksum.js';
import type { FileWorkers } from './file-workers.js';

export type AuditModeName = 'exists' | 'size' | 'checksum';
export type CopyOutcome =
  'ok' | 'missing' | 'size_mismatch' | 'checksum_mismatch' | 'unreadable' | 'unknown_algorithm' | 'outside_root';

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

/** The file's size or mtime differed after hashing it from what they were before. */
export const CHANGED = 'ECHANGED';

const GONE = new Set(['ENOENT', 'ENOTDIR']);

const REASONS: Record<string, string> = { ENOTFILE: 'not a regular file', [CHANGED]: 'changed while being read' };

/**
 * The outcome of an existence or size check from the file's stat: its size, where its path leads
 * when that is outside the root (never read), or an error code (`ENOTFILE`: there, but not a
 * regular file).
 */
export function judgeStat(
  copy: CopyToCheck,
  mode: 'exists' | 'size',
  stat: number | string | { outside: string },
): CopyResult {
  if (typeof stat === 'object') return { copy, outcome: 'outside_root', bytes: 0, actual: stat.outside };
  if (typeof stat === 'string') {
    if (GONE.has(stat)) return { copy, outcome: 'missing', bytes: 0 };
    return { copy, outcome: 'unreadable', bytes: 0, actual: REASONS[stat] ?? stat };
  }
  if (!sizeAgrees(mode, copy.size, stat)) {
    return { copy, outcome: 'size_mismatch', bytes: stat, expected: String(copy.size), actual: String(stat) };
  }
  return { copy, outcome: 'ok', bytes: stat };
}

/**
 * Whether a regular file of `actual` bytes passes for a copy of `expected` bytes (null: not
 * recorded): `judgeStat`'s test, also asked alone where a sweep counts the passing copies without a
 * result for each.
 */
export function sizeAgrees(mode: 'exists' | 'size', expected: number | null, actual: number): boolean {
  return mode === 'exists' || expected === null || actual === expected;
}

/**
 * Verifies one copy's checksum against the file under `root`: where it is and its size first (a
 * file outside the root or of the wrong size is not read), then the whole file hashed on a worker
 * thread with the algorithm stored beside the checksum. Never writes anything.
 */
export async function verifyChecksum(root: LocationRoot, copy: CopyToCheck, workers: FileWorkers): Promise<CopyResult> {
  const [stat] = await workers.stat({ root, paths: [copy.path] });
  const sized = judgeStat(copy, 'size', stat);
  if (sized.outcome !== 'ok') return sized;
  if (copy.checksum === null || !isChecksumAlgorithm(copy.algorithm)) {
    return { copy, outcome: 'unknown_algorithm', bytes: 0, expected: copy.algorithm ?? '(no checksum)' };
  }
  const result = await workers.hash({ root, path: copy.path, algorithm: copy.algorithm });
  if ('outside' in result) return judgeStat(copy, 'exists', result);
  if ('error' in result) return judgeStat(copy, 'exists', result.error);
  const expected = `${copy.algorithm}:${copy.checksum.toLowerCase()}`;
  const actual = `${copy.algorithm}:${result.digest}`;
  return expected === actual
    ? { copy, outcome: 'ok', bytes: result.bytes }
    : { copy, outcome: 'checksum_mismatch', bytes: result.bytes, expected, actual };
}
