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

type Kind = 'dir' | 'file' | 'link' | 'other';

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
  yield* walkDir(root, '', after, onNote);
}

async function* walkDir(
  root: string,
  base: string,
  after: string | undefined,
  onNote: (note: WalkNote) => void,
): AsyncGenerator<string[]> {
  let entries;
  try {
    entries = readEntriesSync(join(root, base));
  } catch (err) {
    onNote({ path: base.slice(0, -1) || '.', key: base, code: (err as NodeJS.ErrnoException).code ?? 'error' });
    return;
  }
  const items: { path: string; key: string; kind: Kind; code?: string }[] = [];
  for (const { entry, name, valid } of entries) {
    const path = base + name;
    if (!valid) {
      items.push({ path, key: entry.isDirectory() ? `${path}/` : path, kind: 'other', code: NOT_UTF8 });
      continue;
    }
    let kind: Kind = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'link' : 'other';
    let code: string | undefined;
    if (kind === 'other') {
      // Some file systems do not report entry types.
      try {
        const st = await lstat(join(root, path));
        kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : 'other';
      } catch (err) {
        code = (err as NodeJS.ErrnoException).code ?? 'error';
      }
    }
    items.push({ path, key: kind === 'dir' ? `${path}/` : path, kind, code });
  }
  // Names mostly come sorted already (libuv sorts them by their bytes: code point order, but for a
  // directory's `/` after its name), so they are sorted only when they are not.
  const byKey = (a: { key: string }, b: { key: string }) => compareNames(a.key, b.key);
  if (items.some((item, i) => i > 0 && byKey(items[i - 1], item) > 0)) items.sort(byKey);
  let files: string[] = [];
  for (const item of items) {
    if (item.kind === 'dir') {
      // Wholly after the resume point, leading to it, or wholly before it.
      const bound = after === undefined || compareNames(item.key, after) > 0 ? null : after;
      if (bound !== null && !bound.startsWith(item.key)) continue;
      if (files.length) yield files;
      files = [];
      yield* walkDir(root, item.key, bound ?? undefined, onNote);
      continue;
    }
    if (after !== undefined && compareNames(item.key, after) <= 0) continue;
    if (item.kind === 'file') files.push(item.path);
    else if (item.kind === 'link') onNote({ path: item.path, key: item.key, link: true });
    else if (item.code) onNote({ path: item.path, key: item.key, code: item.code });
  }
  if (files.length) yield files;
}
