import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';

/**
 * Whether a path lies inside a location's root — the one place that decides it. A path counts by
 * where the file system really puts it (`realpath`: every symbolic link on the way followed) against
 * the root's own real path; anything that resolves elsewhere (a link out, a `..`, an absolute path)
 * is outside and must not be read, adopted or verified.
 */

/** A location's root as configured, and where the file system really puts it. */
export interface LocationRoot {
  path: string;
  real: string;
}

export async function openRoot(path: string): Promise<LocationRoot> {
  return { path, real: await realpath(path) };
}

/** Whether the absolute path `path` is `dir` or under it (`..hidden` is a name like any other). */
export function isUnder(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const DOT_DOT = /(^|\/)\.\.(\/|$)/;

/** A recorded relative path that cannot leave the root by its letters alone: not empty, not absolute, no `..`. */
export function lexicallyInside(rel: string): boolean {
  return rel !== '' && !rel.includes('\0') && !isAbsolute(rel) && !DOT_DOT.test(rel);
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** Directories (relative to the root) by their real paths, and whether these are inside the root. */
export type RealDirs = Map<string, { real: string; inside: boolean }>;

/** Where a recorded path really is: inside (with its stat: the link target's for a link), outside, or an error code. */
export type Located = { real: string; stats: Stats } | { outside: string } | { error: string };

/**
 * Locates a path recorded relative to the root (a copy's path), synchronously: it runs on the
 * worker threads that stat and hash files. Cheap on purpose — a lexical check first, then the real
 * path of the file's directory (cached in `dirs`, which the caller keeps for one batch: files come
 * in directories) and an `lstat` of the file, which the caller needs anyway; only a file that is
 * itself a link costs a `realpath` more. `outside` says where it leads.
 */
export function locate(root: LocationRoot, rel: string, dirs: RealDirs = new Map()): Located {
  if (!lexicallyInside(rel)) return { outside: rel };
  try {
    // A plain `dir/name` (no slash doubled or at the end) is split where posix.dirname and basename would.
    const slash = rel.lastIndexOf('/');
    const plain = slash > 0 && slash < rel.length - 1 && rel.charCodeAt(slash - 1) !== 0x2f;
    const dir = plain ? rel.slice(0, slash) : posix.dirname(rel);
    let realDir = dirs.get(dir);
    if (realDir === undefined) {
      const real = realpathSync.native(join(root.path, dir));
      realDir = { real, inside: isUnder(root.real, real) };
      dirs.set(dir, realDir);
    }
    const name = plain ? rel.slice(slash + 1) : posix.basename(rel);
    if (!realDir.inside) return { outside: join(realDir.real, name) };
    // A plain name under a real (normalised) directory: joined without normalising again, a million times.
    const path = name === '.' || realDir.real.endsWith(sep) ? join(realDir.real, name) : `${realDir.real}${sep}${name}`;
    const stats = lstatSync(path);
    if (!stats.isSymbolicLink()) return { real: path, stats };
    const target = realpathSync.native(path);
    return isUnder(root.real, target) ? { real: target, stats: statSync(target) } : { outside: target };
  } catch (err) {
    return { error: codeOf(err) };
  }
}

/**
 * Resolves a path as a person or a manifest gives it (absolute, or relative to the root) to its
 * real path relative to the real root (`/`-separated; '' for the root itself), or says where it
 * leads when that is outside (`lexically`: by its letters alone, before any link), or why it
 * cannot be resolved (`ENOENT`…, with the path as written relative to the root).
 */
export async function resolveUnder(
  root: LocationRoot,
  path: string,
): Promise<{ rel: string } | { outside: string; lexically: boolean } | { error: string; rel: string }> {
  const abs = resolve(root.path, path);
  const base = isUnder(root.path, abs) ? root.path : isUnder(root.real, abs) ? root.real : undefined;
  let real: string;
  try {
    real = await realpath(abs);
  } catch (err) {
    if (base === undefined) return { outside: abs, lexically: true };
    return { error: codeOf(err), rel: relative(base, abs).split(sep).join('/') };
  }
  if (!isUnder(root.real, real)) return { outside: real, lexically: base === undefined };
  return { rel: relative(root.real, real).split(sep).join('/') };
}
