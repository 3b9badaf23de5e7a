import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { access, link, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { Refused, Unavailable, UsageError } from '../errors.js';
import { INPUT_LIMITS, readInputFile } from '../files/input-file.js';
import { rows, type Queryable } from '../views/queryable.js';
import { LIVE } from './copy-source.js';

/**
 * The identity marker at a disk location's root: proof that the storage mounted there is the
 * location's, so that an empty mount point (the storage not mounted) or another location's storage
 * is never audited as if every copy were lost.
 */
export const MARKER_FILE = '.ccat-ops-location';

export interface LocationMarker {
  site: string;
  name: string;
  id: number;
  created: string;
}

export interface MarkedLocation {
  id: number;
  /** `SITE/NAME`. */
  key: string;
  root: string;
}

/** How the root was recognised: by its marker, or by its copies (and the marker then written, or not: read-only, or not asked to). */
export type RootCheck = 'marker' | 'written' | 'unmarked';

/** Copies looked for at a root without a marker: at least half of them there is the storage. */
const SAMPLE = 20;

/**
 * Checks that `loc.root` is the location's storage before anything is checked or written there:
 * its marker names this location; or, without a marker, the database holds no live copy there yet
 * or at least half of a sample of them are there — then the marker is written (when `write` and the root
 * is writable). Exit 69 with nothing written when the root is empty or none of the sample is
 * there while the database holds copies, or when the marker is another location's.
 */
export async function checkLocationRoot(
  db: Queryable,
  loc: MarkedLocation,
  opts: { write: boolean },
): Promise<RootCheck> {
  const marker = await readMarker(loc.root);
  if (marker) {
    if (marker.id === loc.id) return 'marker';
    throw new Unavailable(
      `the root ${loc.root} of ${loc.key} carries the marker of ${marker.site}/${marker.name} (id ${marker.id}): is another storage mounted there? nothing was checked or written`,
      [
        `check what is mounted at ${loc.root}, or fix the root path with \`ccat-ops location update ${loc.key} --root-path\``,
      ],
    );
  }
  // The oldest and the newest copies by id: two short index scans, however many copies there are.
  const end = (order: 'asc' | 'desc') =>
    sql`(select c.id from physical_copy c where c.data_location_id = ${loc.id} and ${LIVE}
         order by c.id ${order === 'asc' ? sql`asc` : sql`desc`} limit ${SAMPLE / 2})`;
  const sample = await rows<{ path: string }>(
    db,
    sql`select coalesce(c.relative_path, f.relative_path, p.relative_path, d.relative_path) as path
          from (${end('asc')} union ${end('desc')}) ends
          join physical_copy c on c.id = ends.id
          left join raw_data_file f on f.id = c.raw_data_file_id
          left join raw_data_package p on p.id = c.raw_data_package_id
          left join data_transfer_package d on d.id = c.data_transfer_package_id`,
  );
  if (sample.length > 0) {
    const empty = (await readdir(loc.root)).length === 0;
    // A majority, not one: a directory swapped in with a few of the files (or a partial copy) is not the storage.
    const there = empty
      ? 0
      : (await Promise.all(sample.map((c) => exists(join(loc.root, c.path))))).filter(Boolean).length;
    if (there * 2 < sample.length) {
      const why = empty
        ? 'is empty'
        : `has no ${MARKER_FILE} marker and ${there === 0 ? 'none' : `only ${there}`} of ${sample.length} copies looked for`;
      throw new Unavailable(
        `root of ${loc.key} is not mounted? ${loc.root} ${why} while the database holds copies there; nothing was checked or written`,
        [
          `check that the storage is mounted at ${loc.root}; if it really is new storage for ${loc.key}, write its marker with \`ccat-ops location write-marker ${loc.key}\``,
        ],
      );
    }
  }
  if (!opts.write) return 'unmarked';
  return (await writeMarker(loc)) ? 'written' : 'unmarked';
}

/**
 * The marker at `root`, if any; exit 69 when one is there but unreadable, not a regular file, larger
 * than a marker can be (`INPUT_LIMITS.locationMarker`: it is read whole) or not a marker.
 */
export async function readMarker(root: string): Promise<LocationMarker | undefined> {
  const path = join(root, MARKER_FILE);
  let text: string;
  try {
    // Not followed into a pipe (opening one waits for a writer) or a device: a marker is a file.
    if (!(await stat(path)).isFile()) throw Object.assign(new Error(), { code: 'not a regular file' });
    text = readInputFile(path, 'the location marker', INPUT_LIMITS.locationMarker).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const why =
      err instanceof UsageError
        ? err.message
        : `the location marker: ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new Unavailable(`${why}; nothing was checked`, [
      'check what is mounted there and the permissions on the marker; remove the file by hand only if it is garbage',
    ]);
  }
  try {
    const m = JSON.parse(text) as Partial<LocationMarker>;
    if (typeof m.id === 'number' && typeof m.site === 'string' && typeof m.name === 'string') {
      return { site: m.site, name: m.name, id: m.id, created: String(m.created ?? '') };
    }
  } catch {
    // reported below
  }
  throw new Unavailable(`${join(root, MARKER_FILE)} is not a ccat-ops location marker; nothing was checked`, [
    'check what is mounted there; remove the file by hand only if it is garbage',
  ]);
}

/**
 * Writes the marker of `loc` at its root unless a marker is there already (never overwritten).
 * False when the root cannot be written (read-only storage, permissions): best effort.
 */
export async function writeMarker(loc: MarkedLocation): Promise<boolean> {
  const [site, name] = loc.key.split('/');
  const marker: LocationMarker = { site, name, id: loc.id, created: new Date().toISOString() };
  const path = join(loc.root, MARKER_FILE);
  // Written whole under another name, then linked into place: a concurrent audit never reads half a
  // marker, and a marker already there (perhaps another audit's, just now) is never replaced.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, `${JSON.stringify(marker)}\n`, { flag: 'wx', mode: 0o644 });
    await link(tmp, path).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return;
      // No hard links on this file system: renamed, unless a marker appeared meanwhile.
      if (!(await exists(path))) await rename(tmp, path);
    });
    return true;
  } catch {
    return false;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * `location write-marker`: writes the marker deliberately, e.g. on new storage the database already
 * holds copies for. Refused over another location's marker; exit 69 when the root is missing or not
 * writable. Returns whether it was written (false: this location's marker was there already).
 */
export async function initMarker(loc: MarkedLocation): Promise<boolean> {
  try {
    if (!(await stat(loc.root)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    await access(loc.root, constants.W_OK);
  } catch (err) {
    throw new Unavailable(
      `cannot write the marker at ${loc.root} (${(err as NodeJS.ErrnoException).code ?? 'error'}); nothing was written`,
      [`run it on the host where ${loc.key}'s storage is mounted, as a user who can write its root`],
    );
  }
  const marker = await readMarker(loc.root);
  if (marker?.id === loc.id) return false;
  if (marker) {
    throw new Refused(
      `${join(loc.root, MARKER_FILE)} names ${marker.site}/${marker.name} (id ${marker.id}), not ${loc.key}; nothing was written`,
      [`if this storage really is ${loc.key}'s now, remove that file by hand and run this again`],
    );
  }
  if (!(await writeMarker(loc))) {
    throw new Unavailable(`cannot write the marker at ${loc.root}; nothing was written`, [
      'check the permissions on the root',
    ]);
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
