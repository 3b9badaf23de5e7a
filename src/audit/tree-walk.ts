import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The relative path (`/`-separated) of every regular file under `root`, depth first with each directory's entries in name order, so the
 * order is the same on every run and a walk can resume after `after` (a path it yielded before):
 * whole subtrees before it are skipped without being read. Symbolic links are not followed.
 * Directories that cannot be read are reported to `onError` and skipped. Only directory entries are
 * read (no stat per file): the caller stats the few files it cares about.
 */
export async function* walkTree(
  root: string,
  after?: string,
  onError: (path: string, code: string) => void = () => undefined,
): AsyncGenerator<string> {
  yield* walkDir(root, [], after?.split('/'), onError);
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function* walkDir(
  dir: string,
  prefix: string[],
  after: string[] | undefined,
  onError: (path: string, code: string) => void,
): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = (await readdir(join(dir, ...prefix), { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  } catch (err) {
    onError(prefix.join('/') || '.', (err as NodeJS.ErrnoException).code ?? 'error');
    return;
  }
  const depth = prefix.length;
  for (const entry of entries) {
    const name = entry.name;
    // Where this entry stands against the resume point: before it (skip), on its way (descend and
    // keep comparing), or after it (everything from here on is new).
    let bound = after;
    if (bound) {
      const c = byName(name, bound[depth]);
      if (c < 0) continue;
      if (c > 0) bound = undefined;
      else if (depth === bound.length - 1) continue; // the resume point itself
    }
    const segments = [...prefix, name];
    let type: { isDirectory(): boolean; isFile(): boolean } = entry;
    if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) {
      // Some file systems do not report entry types.
      try {
        type = await lstat(join(dir, ...segments));
      } catch (err) {
        onError(segments.join('/'), (err as NodeJS.ErrnoException).code ?? 'error');
        continue;
      }
    }
    if (type.isDirectory()) yield* walkDir(dir, segments, bound, onError);
    else if (type.isFile()) yield segments.join('/');
  }
}
