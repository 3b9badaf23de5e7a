import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create as createTar, Parser } from 'tar';
import { createHasher, isChecksumAlgorithm, sequentialHashers, type Hasher } from '../audit/checksum.js';
import { visibleInline } from '../output/visible.js';
import { MARKER_FILE } from '../audit/location-marker.js';
import { Conflict, OpsError, UsageError } from '../errors.js';
import { resolveUnder, type LocationRoot } from '../files/inside-root.js';

/** The algorithm of a package's checksum: the project's (DESIGN §5.3 stores it beside the checksum). */
export const TAR_CHECKSUM = 'sha256' as const;

/** Where a tar goes: its real absolute path, and that path relative to the real root. */
export interface TarPlace {
  abs: string;
  rel: string;
}

export interface WrittenTar {
  bytes: number;
  checksum: string;
  /** The same tar was already there (an earlier run wrote it and stopped before recording it). */
  reused: boolean;
}

/**
 * This host in a temporary tar's name: its name with every run of characters other than letters,
 * digits and `-` turned into one `-` (so the name has no dots, and parses back from its end).
 */
export const partialHost = (): string => hostname().replace(/[^A-Za-z0-9-]+/g, '-') || 'unknown';

/**
 * The temporary name of a tar being written by `package create --tar`: beside it, hidden, naming
 * the host and process writing it: `.NAME.tar.HOST.PID-XXXXXXXX.partial` (runs before the host was in
 * the name wrote `.NAME.tar.PID-XXXXXXXX.partial`). Only a run killed outright leaves one.
 */
export function partialName(tar: string): string {
  return `.${tar}.${partialHost()}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
}

/**
 * A file name that is the temporary tar of a `package create --tar` run (this one's naming or the
 * earlier one) of a tar named `*.tar`, as every default `NAME.tar` is: `file register` leaves these
 * out. The `.tar` is required so that a raw file merely ending in `.N-XXXXXXXX.partial` (an
 * instrument's own temporary naming, say) is registered, not left out as ccat-ops' own.
 */
export function isPartialTar(name: string): boolean {
  return /^\..+\.tar\.(?:[A-Za-z0-9-]+\.)?\d+-[0-9a-f]{8}\.partial$/.test(name);
}

/** A temporary tar left beside a package's tar by another run, and what became of it. */
export interface Leftover {
  /** Relative to the location's root. */
  path: string;
  /** `removed` (or, in a dry run, would be); `kept`: not provably a dead run's on this host. */
  removed: boolean;
  /** Why it was kept, or who wrote it. */
  reason: string;
  /** Kept because it is not a temporary tar at all, only named like one (a directory, a link, a recorded file). */
  notATar?: boolean;
}

/**
 * The temporary tars that other runs of `package create --tar` left beside `place` (killed outright,
 * or the machine went down while they wrote), removed when they are provably dead runs' of this host:
 * the name says this host wrote it, and no process with its pid is alive here. One named by another
 * host (a shared file system: that run may be writing it now), by a process that is alive (still
 * writing, or its pid reused: either way not provably dead), or by a run before the host was in the
 * name, is kept and reported. `dryRun` removes nothing and says what would be.
 */
export async function deadPartials(
  place: TarPlace,
  dryRun = false,
  recorded: (paths: string[]) => Promise<Set<string>> = async () => new Set(),
): Promise<Leftover[]> {
  const dir = dirname(place.abs);
  const prefix = `.${basename(place.abs)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const here = partialHost();
  const at = (name: string) => (dirname(place.rel) === '.' ? name : `${dirname(place.rel)}/${name}`);
  const matching = names.filter((name) => name.startsWith(prefix)).sort();
  // A file the database records a copy at (a raw file someone named so, registered by another writer)
  // is data, whatever its name: never removed.
  const known = matching.length ? await recorded(matching.map(at)) : new Set<string>();
  const out: Leftover[] = [];
  for (const name of matching) {
    const rest = name.slice(prefix.length);
    const rel = at(name);
    const named = /^(?:([A-Za-z0-9-]+)\.)?(\d+)-[0-9a-f]{8}\.partial$/.exec(rest);
    if (!named) continue;
    const [, host, pidText] = named;
    const pid = Number(pidText);
    // Looked at in a dry run too, so that it says what the run would do.
    const st = await lstat(join(dir, name)).catch(() => undefined);
    if (!st) continue; // gone meanwhile (another run removed it)
    if (!st.isFile() || known.has(rel)) {
      const what = st.isFile() ? 'a file recorded as a copy at this location' : 'not a regular file';
      out.push({ path: rel, removed: false, reason: `named like a temporary tar, but ${what}`, notATar: true });
      continue;
    }
    let reason: string | undefined;
    if (host === undefined) reason = `written by process ${pid} of a host it does not name`;
    else if (host !== here) reason = `written by process ${pid} on host ${host}, not this one`;
    else if (pid === process.pid || alive(pid)) reason = `written by process ${pid} here, which is alive`;
    if (reason) {
      out.push({ path: rel, removed: false, reason });
      continue;
    }
    if (!dryRun) await rm(join(dir, name), { force: true });
    out.push({ path: rel, removed: true, reason: `left by process ${pid} here, which is gone` });
  }
  return out;
}

/** A process with this pid exists on this host (one of another user's counts: it may be the writer). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return codeOf(err) !== 'ESRCH';
  }
}

/** Bytes node-tar reads from a file at a time. */
const READ_SIZE = 1024 * 1024;

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * Where `--tar PATH` puts the tar: PATH relative to the root (or absolute inside it); a directory
 * (existing, or written with a trailing `/`) gets `NAME.tar` in it. Exit 2 for a path that is, or
 * through a symbolic link leads, outside the root, and for one that is a directory or the
 * location's marker. Missing directories on the way are made later, under the real root.
 */
export async function tarPlace(root: LocationRoot, path: string, name: string): Promise<TarPlace> {
  let given = path;
  const asDir =
    given.endsWith('/') ||
    (await stat(resolve(root.path, given)).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  if (asDir) given = join(given, `${name}.tar`);
  const where = await resolveUnder(root, given);
  if ('outside' in where) throw outsideRoot(root, path, where);
  if (!('error' in where)) return checked({ abs: join(root.real, where.rel), rel: where.rel }, path);
  if (where.error !== 'ENOENT') throw new UsageError(`--tar: ${path} cannot be used (${where.error})`);
  // Not there yet: its nearest existing directory must really be inside the root (no link out).
  const abs = resolve(root.path, given);
  const rest = [basename(abs)];
  let dir = dirname(abs);
  while (
    !(await lstat(dir).then(
      () => true,
      () => false,
    ))
  ) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  const parent = await resolveUnder(root, dir);
  if ('outside' in parent) throw outsideRoot(root, path, parent);
  if ('error' in parent) throw new UsageError(`--tar: ${path} cannot be used (${parent.error})`);
  const real = join(root.real, parent.rel, ...rest);
  return checked({ abs: real, rel: relative(root.real, real).split(sep).join('/') }, path);
}

async function checked(place: TarPlace, path: string): Promise<TarPlace> {
  if (place.rel === '' || place.rel === MARKER_FILE) {
    throw new UsageError(`--tar: ${path} is not a file name for the tar`, ['--tar packages/NAME.tar']);
  }
  const st = await stat(place.abs).catch(() => undefined);
  if (st && !st.isFile()) {
    throw new UsageError(`--tar: ${path} exists and is not a regular file`, ['give another --tar path']);
  }
  return place;
}

function outsideRoot(root: LocationRoot, path: string, where: { outside: string; lexically: boolean }): UsageError {
  return new UsageError(
    `--tar: ${path} is not under the location's root ${root.path}` +
      (where.lexically ? '' : ` (a symbolic link leads to ${where.outside})`) +
      '; nothing was written',
    [
      where.lexically
        ? 'give the tar path relative to the root, or absolute inside it'
        : 'write the tar where it really is under the root, or remove the link',
    ],
  );
}

/**
 * Writes the tar of `files` (paths relative to the real root, stored as such) at `place`, streamed:
 * node-tar reads the files one after the other, each chunk is hashed and counted on its way to a
 * temporary file beside the final one, which is flushed and then linked into place (never
 * replacing anything). An error or `signal` removes the temporary file, so an interrupted run
 * leaves no partial tar under the final name (one killed outright leaves its temporary file, named
 * by `partialName`: `deadPartials` removes it on a later run). A file already there with the same content is this
 * tar (`reused`); one with other content is exit 1, and nothing is written.
 */
export async function writeTar(
  root: LocationRoot,
  files: TarFile[],
  place: TarPlace,
  key: string,
  signal?: AbortSignal,
): Promise<WrittenTar> {
  await mkdir(dirname(place.abs), { recursive: true });
  const tmp = join(dirname(place.abs), partialName(basename(place.abs)));
  const hash = await createHasher(TAR_CHECKSUM);
  const check = await entryCheck(files);
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      check.parser.write(chunk);
      done(null, chunk);
    },
  });
  // portable: no owner, group or device numbers, so the tar depends on the files alone; follow:
  // a link inside the root (checked by the caller) is stored as the file it leads to. Memory is
  // bounded by the read size and the byte-counted buffers of the pipeline, whatever the tar's size.
  const pack = createTar(
    { cwd: root.real, portable: true, follow: true, noDirRecurse: true, maxReadSize: READ_SIZE },
    files.map((f) => f.path),
  );
  try {
    await pipeline(
      Readable.from(pack, { objectMode: false }),
      hashing,
      createWriteStream(tmp, { flags: 'wx', flush: true }),
      { signal },
    );
    const changed = await check.done();
    if (changed) {
      throw new Conflict(
        `${visibleInline(changed.path)} at ${key} is not the file registered: in the tar it is ${changed.algorithm} ${changed.actual}, ` +
          `recorded ${changed.expected} (changed since it was registered?); no tar written, nothing recorded`,
        [`check the location with \`ccat-ops audit copies --location ${key} --mode checksum\``],
      );
    }
    const checksum = hash.digest();
    const reused = await placeTar(tmp, place, checksum, bytes);
    return { bytes, checksum, reused };
  } catch (err) {
    if (signal?.aborted) throw new OpsError(`interrupted: no tar was written at ${place.rel} and nothing recorded`);
    if (err instanceof OpsError) throw err;
    throw new OpsError(`cannot write the tar ${place.abs}: ${(err as Error).message}; nothing was recorded`);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** A file to put in a tar: its path relative to the root, and the checksum its bytes must have. */
export interface TarFile {
  path: string;
  checksum: string;
  checksumAlgorithm: string;
}

/**
 * Reads the tar as it is written (node-tar's parser, fed the same bytes) and hashes each entry's
 * content with its file's algorithm: a file whose bytes are not the ones registered (rewritten in
 * place since, same size or not) must not go into the package under its recorded checksum. A hard
 * link entry (a file the tar already holds under another path) has that file's content. `done`
 * gives the first file that differs, or none.
 */
async function entryCheck(files: TarFile[]) {
  const expected = new Map(files.map((f) => [f.path, f]));
  const makers = new Map<string, () => Hasher>();
  for (const a of new Set(files.map((f) => f.checksumAlgorithm))) {
    if (isChecksumAlgorithm(a)) makers.set(a, await sequentialHashers(a));
  }
  let changed: { path: string; algorithm: string; expected: string; actual: string } | undefined;
  const parser = new Parser({
    strict: true,
    // Each entry must be read to its end for the parser to go on (a Parser, unlike `list`, does
    // not resume them): an entry not hashed is resumed.
    onReadEntry: (entry) => {
      const f = expected.get(entry.path);
      const make = f && entry.type !== 'Link' ? makers.get(f.checksumAlgorithm) : undefined;
      if (!f || !make) entry.resume();
      if (!f) return;
      if (entry.type === 'Link') {
        const twin = expected.get(entry.linkpath ?? '');
        if (
          twin &&
          (twin.checksumAlgorithm !== f.checksumAlgorithm || twin.checksum.toLowerCase() !== f.checksum.toLowerCase())
        ) {
          changed ??= {
            path: f.path,
            algorithm: twin.checksumAlgorithm,
            expected: f.checksum,
            actual: `that of ${twin.path}`,
          };
        }
        return;
      }
      if (!make) return; // an algorithm this version cannot compute: as before, not checked
      const h = make();
      entry.on('data', (chunk: Buffer) => h.update(chunk));
      entry.on('end', () => {
        const actual = h.digest();
        if (actual !== f.checksum.toLowerCase()) {
          changed ??= { path: f.path, algorithm: f.checksumAlgorithm, expected: f.checksum, actual };
        }
      });
    },
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
  });
  return {
    parser,
    done: async () => {
      parser.end();
      await ended;
      return changed;
    },
  };
}

/** Links the finished temporary file under the final name, unless something is there; true if the same tar was. */
async function placeTar(tmp: string, place: TarPlace, checksum: string, bytes: number): Promise<boolean> {
  try {
    await link(tmp, place.abs);
    return false;
  } catch (err) {
    const code = codeOf(err);
    if (code !== 'EEXIST') {
      // No hard links on this file system: rename, after looking (a tiny window, not a partial file).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
      if (!(await lstat(place.abs).catch(() => undefined))) {
        await rename(tmp, place.abs);
        return false;
      }
    }
  }
  const there = await stat(place.abs);
  if (there.isFile() && there.size === bytes && (await hashFile(place.abs)) === checksum) return true;
  throw new Conflict(
    `--tar: ${place.rel} already exists and is not this package's tar (${there.size} bytes; the tar is ${bytes}` +
      `${there.size === bytes ? ' with another checksum' : ''}); nothing was written`,
    ['move that file away, or give another --tar path'],
  );
}

async function hashFile(path: string): Promise<string> {
  const hash = await createHasher(TAR_CHECKSUM);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest();
}
