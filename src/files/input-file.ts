import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import prettyBytes from 'pretty-bytes';
import { UsageError } from '../errors.js';

/** The most each kind of input file may hold: each is read whole, and a wrong path must not fill memory. */
export const INPUT_LIMITS = {
  /** `--conditions @FILE`: one small JSON object. */
  conditions: 1_000_000,
  /** `--filter-file`: a list of rules. */
  filterFile: 4_000_000,
  /** `source import`, `obs-unit import`, `program import`: rows of the registry. */
  importFile: 64_000_000,
  /** `--manifest`: a checksum line per file (read line by line; ~8 million sha256 lines). */
  manifest: 1_000_000_000,
  /** One line of a manifest: a checksum, two characters and a path (paths are at most 4096 bytes). */
  manifestLine: 64_000,
  /** The config file: a few named environments. */
  configFile: 1_000_000,
  /** A location's marker (`.ccat-ops-location`): one line of JSON. */
  locationMarker: 64_000,
} as const;

const CHUNK = 1 << 16;

/**
 * Opens an input file that `what` (`--manifest`, an import file…) names, for reading: exit 2 for
 * anything but a regular file or a pipe (`<(…)` of a shell): a directory, a device (`/dev/zero`
 * would never end), a socket. Returns the open descriptor.
 */
export function openInputFile(path: string, what: string): number {
  let fd: number;
  try {
    refuseNonRegular(statSync(path), path, what); // before opening: opening a device may do things
    fd = openSync(path, 'r');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${what}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    refuseNonRegular(fstatSync(fd), path, what); // what was opened, should it have changed meanwhile
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/** A whole input file of at most `maxBytes` (exit 2 beyond: it is not what was meant). */
export function readInputFile(path: string, what: string, maxBytes: number): Buffer {
  const fd = openInputFile(path, what);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readChunk(fd, chunk, path, what);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(path, what, maxBytes);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * An input file's lines (without `\n`), read a chunk at a time, so a bad file fails at its first bad
 * line without being read whole: exit 2 for a line longer than `maxLineBytes` (naming its number) or
 * a file longer than `maxBytes`. Lines are decoded as UTF-8.
 */
export function* inputLines(
  path: string,
  what: string,
  limits: { maxBytes: number; maxLineBytes: number },
): Generator<string> {
  const fd = openInputFile(path, what);
  try {
    let pending = Buffer.alloc(0);
    let line = 0;
    let total = 0;
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readChunk(fd, chunk, path, what);
      total += n;
      if (total > limits.maxBytes) throw tooLarge(path, what, limits.maxBytes);
      let data = n === 0 ? pending : Buffer.concat([pending, chunk.subarray(0, n)]);
      let nl: number;
      while ((nl = data.indexOf(0x0a)) !== -1) {
        line += 1;
        if (nl > limits.maxLineBytes) throw longLine(path, what, line, limits.maxLineBytes);
        yield data.subarray(0, nl).toString('utf8');
        data = data.subarray(nl + 1);
      }
      if (data.length > limits.maxLineBytes) throw longLine(path, what, line + 1, limits.maxLineBytes);
      if (n === 0) {
        if (data.length) yield data.toString('utf8');
        return;
      }
      pending = Buffer.from(data); // a copy: `chunk` is read into again
    }
  } finally {
    closeSync(fd);
  }
}

function readChunk(fd: number, into: Buffer, path: string, what: string): number {
  try {
    return readSync(fd, into, 0, into.length, null);
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function refuseNonRegular(s: Stats, path: string, what: string): void {
  if (s.isFile() || s.isFIFO()) return;
  const kind = s.isDirectory()
    ? 'a directory'
    : s.isCharacterDevice()
      ? 'a character device'
      : s.isBlockDevice()
        ? 'a block device'
        : s.isSocket()
          ? 'a socket'
          : 'not a regular file';
  throw new UsageError(`${what}: ${path} is ${kind}, not a file`, ['give the path of a regular file']);
}

function tooLarge(path: string, what: string, max: number): UsageError {
  return new UsageError(`${what}: ${path} is larger than ${prettyBytes(max)}, the most it reads`, [
    'check that it is the file you meant',
  ]);
}

function longLine(path: string, what: string, line: number, max: number): UsageError {
  return new UsageError(`${what}: ${path}:${line} is longer than ${prettyBytes(max)}: not a line of this file's kind`, [
    'check that it is the file you meant',
  ]);
}
