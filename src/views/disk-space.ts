import { stat, statfs } from 'node:fs/promises';
import { checkLocationRoot } from '../audit/location-marker.js';
import { daysUntilFull, type LocationUsage } from './location-usage.js';
import { locationId } from './names.js';
import type { Queryable } from './queryable.js';

/**
 * `location usage --measure`: the real size and free space of each disk location's root, read with
 * statfs on this host, and the days until that free space is used up at the location's rate. A root
 * that is missing, unreadable or not the location's storage (nothing mounted there: statfs would
 * read the file system underneath) is reported on the location, not thrown; s3 and tape locations
 * say that measuring is for disk.
 */
export async function measureUsage(db: Queryable, usage: LocationUsage): Promise<LocationUsage> {
  const problem = await rootProblem(db, usage);
  if (problem) return { ...usage, measureProblem: problem, measuredDaysLeft: null };
  const fs = await statfs(usage.rootPath!, { bigint: false });
  const measured = { sizeBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize };
  return { ...usage, measured, measuredDaysLeft: daysUntilFull(measured.freeBytes, usage.bytesPerDay) };
}

/** Why the root cannot be measured here, if it cannot. */
async function rootProblem(db: Queryable, usage: LocationUsage): Promise<string | undefined> {
  if (usage.storage !== 'disk' || !usage.rootPath) {
    return `measuring is for disk locations (this is ${usage.storage})`;
  }
  const root = usage.rootPath;
  try {
    if (!(await stat(root)).isDirectory()) return `root ${root} is not a directory`;
    await statfs(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? `root ${root} is missing on this host` : `root ${root} is unreadable (${code})`;
  }
  try {
    const id = await locationId(db, usage.location);
    await checkLocationRoot(db, { id, key: usage.location, root }, { write: false });
  } catch (err) {
    return (err as Error).message.replace(/; nothing was checked( or written)?$/, '');
  }
  return undefined;
}
