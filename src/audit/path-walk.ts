import { readdirSync, type Dirent, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareNames } from './path-order.js';
import { NOT_UTF8, readEntriesSync } from './tree-walk.js';

/**
 * What the walk met besides files: a directory or name it could not read (`code`), or a symbolic
 * link (not followed). `key`: its place in the walk's order (a directory's is its path and `/`).
 */
export interface WalkNote {
  path: string;
  key: string;
  code?: string;
  link?: true;
}

/** Walked files of one directory in a row: their paths are `base` (the directory's path and `/`, '' at the root) and each name. */
export interface FileRun {
  base: string;
  names: string[];
}

/**
 * The relative path of every regular file under `root` in code point order of the whole path —
 * the order of PostgreSQL's "C" collation over UTF-8, so a query sorted by path can be merged
 * against it — a run of files at a time. Depth first: a directory sorts as its name and `/`, so
 * `a-c` comes before `a/b` and `a0` after all of `a/` (as their paths do). After `after` (any path,
 * not only one the walk yielded) it resumes: subtrees wholly at or before it are not read. Links
 * are not followed; they, directories that cannot be read and names that are not UTF-8 are told to
 * `onNote`, in the same order. No stat per file, but of the rare entry whose type the file system
 * does not report.
 */
export async function* walkInPathOrder(
  root: string,
  after: string | undefined,
  onNote: (note: WalkNote) => void,
): AsyncGenerator<string[]> {
  for await (const { base, names } of walkRuns(root, after, onNote)) yield names.map((name) => base + name);
}

/** `walkInPathOrder`'s files as runs of names under one directory (no path built per file). */
export function walkRuns(
  root: string,
  after: string | undefined,
  onNote: (note: WalkNote) => void,
): AsyncGenerator<FileRun> {
  return walkDir(root, '', after, onNote);
}

const DIR = 0;
const FILE = 1;
const LINK = 2;
const OTHER = 3;

/** A directory's entries as parallel lists (no object per entry): names, kinds and, for the odd ones, why they are not read. */
interface Listing {
  names: string[];
  kinds: number[];
  /** Entries that cannot be walked: index → code. */
  codes?: Map<number, string>;
  /** Directories among the entries that cannot be walked (their key ends in `/`). */
  slashed?: Set<number>;
}

function kindOf(entry: Dirent<string | Buffer> | Stats): number {
  return entry.isDirectory() ? DIR : entry.isFile() ? FILE : entry.isSymbolicLink() ? LINK : OTHER;
}

function listDir(path: string): Listing {
  const entries = readdirSync(path, { withFileTypes: true });
  const names = new Array<string>(entries.length);
  const kinds = new Array<number>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const name = entries[i].name;
    // A name that is not UTF-8 comes with U+FFFD in place of its bytes: read again as bytes.
    if (name.includes('\uFFFD')) return listOddDir(path);
    names[i] = name;
    kinds[i] = kindOf(entries[i]);
  }
  return { names, kinds };
}

function listOddDir(path: string): Listing {
  const listing: Listing = { names: [], kinds: [], codes: new Map(), slashed: new Set() };
  for (const { entry, name, valid } of readEntriesSync(path)) {
    const i = listing.names.push(name) - 1;
    listing.kinds.push(valid ? kindOf(entry) : OTHER);
    if (valid) continue;
    listing.codes!.set(i, NOT_UTF8);
    if (entry.isDirectory()) listing.slashed!.add(i);
  }
  return listing;
}

async function* walkDir(
  root: string,
  base: string,
  after: string | undefined,
  onNote: (note: WalkNote) => void,
): AsyncGenerator<FileRun> {
  let listing: Listing;
  try {
    listing = listDir(join(root, base));
  } catch (err) {
    onNote({ path: base.slice(0, -1) || '.', key: base, code: (err as NodeJS.ErrnoException).code ?? 'error' });
    return;
  }
  const { names, kinds } = listing;
  let { codes } = listing;
  for (let i = 0; i < names.length; i++) {
    if (kinds[i] !== OTHER || codes?.has(i)) continue;
    // Some file systems do not report entry types.
    try {
      kinds[i] = kindOf(await lstat(join(root, base + names[i])));
    } catch (err) {
      (codes ??= new Map()).set(i, (err as NodeJS.ErrnoException).code ?? 'error');
    }
  }
  const slashed = listing.slashed;
  const keyOf = (i: number) => (kinds[i] === DIR || slashed?.has(i) ? `${names[i]}/` : names[i]);
  // Names mostly come sorted already (libuv sorts them by their bytes: code point order, but for a
  // directory's `/` after its name), so they are sorted only when they are not.
  let order: number[] | undefined;
  for (let i = 1, previous = names.length ? keyOf(0) : ''; i < names.length; i++) {
    const key = keyOf(i);
    if (compareNames(previous, key) > 0) {
      const keys = names.map((_, j) => keyOf(j));
      order = keys.map((_, j) => j).sort((a, b) => compareNames(keys[a], keys[b]));
      break;
    }
    previous = key;
  }
  let run: string[] = [];
  for (let j = 0; j < names.length; j++) {
    const i = order ? order[j] : j;
    const name = names[i];
    const kind = kinds[i];
    if (kind === DIR) {
      const key = `${base}${name}/`;
      // Wholly after the resume point, leading to it, or wholly before it.
      const bound = after === undefined || compareNames(key, after) > 0 ? null : after;
      if (bound !== null && !bound.startsWith(key)) continue;
      if (run.length) yield { base, names: run };
      run = [];
      yield* walkDir(root, key, bound ?? undefined, onNote);
      continue;
    }
    if (after !== undefined && compareNames(base + keyOf(i), after) <= 0) continue;
    if (kind === FILE) run.push(name);
    else if (kind === LINK) onNote({ path: base + name, key: base + name, link: true });
    else if (codes?.has(i)) onNote({ path: base + name, key: base + keyOf(i), code: codes.get(i)! });
  }
  if (run.length) yield { base, names: run };
}
