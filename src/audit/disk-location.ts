import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import sql from 'sql-template-tag';
import { Unavailable, UsageError } from '../errors.js';
import { locationId } from '../views/names.js';
import { one, type Queryable } from '../views/queryable.js';
import { checkLocationRoot, type RootCheck } from './location-marker.js';
import { LIVE } from './copy-source.js';
import { isThisHost } from '../registry/location-where.js';

export interface DiskLocation {
  id: number;
  /** `SITE/NAME`. */
  key: string;
  root: string;
  /** How the root was recognised as this location's storage (location-marker.ts). */
  marker: RootCheck;
}

async function hasLiveCopies(db: Queryable, id: number): Promise<boolean> {
  const copy = await one<{ id: string }>(
    db,
    sql`select c.id::text from physical_copy c where c.data_location_id = ${id} and ${LIVE} limit 1`,
  );
  return copy !== undefined;
}

/**
 * The disk location an audit or a registration works on, with its root path checked: exit 4 when
 * it does not exist, 2 when it is not on disk, 69 (naming the path) when the root is missing or
 * unreadable, or is not the location's storage (no marker and none of its copies there, or another
 * location's marker) — before anything is written. A root recognised by its copies gets its marker
 * (unless `writeMarker` is false: a dry run).
 */
export async function diskLocation(
  db: Queryable,
  key: string,
  flag = 'location',
  opts: { writeMarker?: boolean } = {},
): Promise<DiskLocation> {
  const id = await locationId(db, key, flag);
  const loc = (await one<{ storageType: string; rootPath: string | null; host: string | null }>(
    db,
    sql`select storage_type as "storageType", root_path as "rootPath", host from data_location where id = ${id}`,
  ))!;
  if (loc.storageType !== 'disk' || !loc.rootPath) {
    throw new UsageError(`${key} is a ${loc.storageType} location; only disk locations can be read here`, [
      'pick a disk location (`ccat-ops location list`)',
    ]);
  }
  const root = loc.rootPath;
  try {
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    await access(root, constants.R_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const what = code === 'ENOENT' ? 'missing' : code === 'ENOTDIR' ? 'not a directory' : `unreadable (${code})`;
    throw new Unavailable(`the root path ${root} of ${key} is ${what}; nothing was checked`, [
      'check that the storage is mounted on this host, or fix the root path with `ccat-ops location update`',
    ]);
  }
  // On another host than the location's (its --host): the path here is that host's storage only if
  // the storage says so (its marker, or its copies found there). Never marked from here, and not
  // taken on no evidence at all (no marker, no copies yet): that is any directory at that path.
  const elsewhere = loc.host !== null && !isThisHost(loc.host, hostname());
  const marker = await checkLocationRoot(db, { id, key, root }, { write: !elsewhere && (opts.writeMarker ?? true) });
  if (elsewhere && marker === 'unmarked' && !(await hasLiveCopies(db, id))) {
    throw new Unavailable(
      `${key} is on ${loc.host}, not this host (${hostname()}), and ${root} here carries no marker of it; nothing was checked or written`,
      [
        `run it on ${loc.host}; if this host really mounts that storage at ${root}, write its marker deliberately with \`ccat-ops location write-marker ${key}\``,
      ],
    );
  }
  return { id, key, root, marker };
}
