import { readdirSync, type Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareNames } from './path-order.js';

/** A name that is not valid UTF-8: reported by the walk, never skipped silently. */
export const NOT_UTF8 = 'name is not valid UTF-8';

/**
 * The relative path (`/`-separated) of every regular file under `root`, depth first with each directory's entries in name order, so the
 * order is the same on every run and a walk can resume after `after` (a path it yielded before):
 * whole subtrees before it are skipped without being read. Symbolic links are not followed: each
 * is reported to `onLink` (the caller decides where it leads). Directories that cannot be read, and
 * entries whose name is not valid UTF-8 (their raw bytes escaped, `\xff`), are reported to
 * `onError` and skipped. Only directory entries are read (no stat per file): the caller stats the
 * few files it cares about.
 */
export async function* walkTree(
  root: string,
  after?: string,
  onError: (path: string, code: string) => void = () => undefined,
  onLink: (path: string) => void = () => undefined,
): AsyncGenerator<string> {
  for await (const run of walkFiles(root, after, onError, onLink)) yield* run;
}

/** `walkTree`'s files a run at a time (a directory's files up to its next subdirectory). */
async function* walkFiles(
  root: string,
  after?: string,
  onError: (path: string, code: string) => void = () => undefined,
  onLink: (path: string) => void = () => undefined,
): AsyncGenerator<string[]> {
  yield* walkDir(root, [], after?.split('/'), onError, onLink);
}

const byName = compareNames;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A name as text: decoded, or with every byte outside printable ASCII (and `\`) escaped when it is not UTF-8. */
export function nameOf(raw: Buffer): { name: string; valid: boolean } {
  try {
    return { name: utf8.decode(raw), valid: true };
  } catch {
    let name = '';
    for (const b of raw) {
      name +=
        b === 0x5c ? '\\\\' : b < 0x20 || b > 0x7e ? `\\x${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b);
    }
    return { name, valid: false };
  }
}

/** A directory entry with its name as text; `valid`: false when the name is not UTF-8 (then escaped). */
export interface DirEntry {
  entry: Dirent<string | Buffer>;
  name: string;
  valid: boolean;
}

/** A directory's entries, in no order. */
export async function readEntries(path: string): Promise<DirEntry[]> {
  return (
    asText(await readdir(path, { withFileTypes: true })) ??
    asBytes(await readdir(path, { withFileTypes: true, encoding: 'buffer' }))
  );
}

// A name that is not UTF-8 comes as text with U+FFFD in place of its bytes (another name): only
// then are the names read again as bytes, to tell it apart and escape them.
function asText(entries: Dirent<string>[]): DirEntry[] | undefined {
  if (entries.some((entry) => entry.name.includes('\uFFFD'))) return undefined;
  return entries.map((entry) => ({ entry, name: entry.name, valid: true }));
}

function asBytes(entries: Dirent<Buffer>[]): DirEntry[] {
  return entries.map((entry) => ({ entry, ...nameOf(entry.name) }));
}

/**
 * `readEntries` without the round trip through the thread pool, for a walk that is the main
 * thread's work anyway (the sweep's): a directory of a thousand names blocks it for well under a
 * millisecond, less than the round trip costs on a busy host.
 */
export function readEntriesSync(path: string): DirEntry[] {
  return (
    asText(readdirSync(path, { withFileTypes: true })) ??
    asBytes(readdirSync(path, { withFileTypes: true, encoding: 'buffer' }))
  );
}

async function* walkDir(
  dir: string,
  prefix: string[],
  after: string[] | undefined,
  onError: (path: string, code: string) => void,
  onLink: (path: string) => void,
): AsyncGenerator<string[]> {
  let entries: DirEntry[];
  try {
    entries = (await readEntries(join(dir, ...prefix))).sort((a, b) => byName(a.name, b.name));
  } catch (err) {
    onError(prefix.join('/') || '.', (err as NodeJS.ErrnoException).code ?? 'error');
    return;
  }
  const depth = prefix.length;
  const base = prefix.length ? `${prefix.join('/')}/` : '';
  let files: string[] = [];
  for (const { entry, name, valid } of entries) {
    // Where this entry stands against the resume point: before it (skip), on its way (descend and
    // keep comparing), or after it (everything from here on is new).
    let bound = after;
    let atBound = false;
    if (bound) {
      const c = byName(name, bound[depth]);
      if (c < 0) continue;
      if (c > 0) bound = undefined;
      else if (depth === bound.length - 1) atBound = true; // the resume point itself
    }
    if (!valid) {
      if (!atBound) onError(base + name, NOT_UTF8);
      continue;
    }
    let type: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean } = entry;
    if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) {
      // Some file systems do not report entry types.
      try {
        type = await lstat(join(dir, base + name));
      } catch (err) {
        if (!atBound) onError(base + name, (err as NodeJS.ErrnoException).code ?? 'error');
        continue;
      }
    }
    if (type.isDirectory()) {
      // A resume point that names a directory (a copy's path can) comes before all it holds.
      if (files.length) yield files;
      files = [];
      yield* walkDir(dir, [...prefix, name], atBound ? undefined : bound, onError, onLink);
    } else if (atBound) continue;
    else if (type.isFile()) files.push(base + name);
    else if (type.isSymbolicLink()) onLink(base + name);
  }
  if (files.length) yield files;
}
