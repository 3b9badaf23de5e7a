import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import sql from 'sql-template-tag';
import { Unavailable, UsageError } from '../errors.js';
import { locationId } from '../views/names.js';
import { one, type Queryable } from '../views/queryable.js';

export interface DiskLocation {
  id: number;
  /** `SITE/NAME`. */
  key: string;
  root: string;
}

/**
 * The disk location an audit or a registration works on, with its root path checked: exit 4 when
 * it does not exist, 2 when it is not on disk, 69 (naming the path) when the root is missing or
 * unreadable — before anything is written.
 */
export async function diskLocation(db: Queryable, key: string, flag = 'location'): Promise<DiskLocation> {
  const id = await locationId(db, key, flag);
  const loc = (await one<{ storageType: string; rootPath: string | null }>(
    db,
    sql`select storage_type as "storageType", root_path as "rootPath" from data_location where id = ${id}`,
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
  return { id, key, root };
}
