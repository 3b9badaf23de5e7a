import type pg from 'pg';
import sql from 'sql-template-tag';
import { diskLocation } from '../audit/disk-location.js';
import { withTransaction } from '../db/transaction.js';
import { Conflict } from '../errors.js';
import { locate, openRoot, type LocationRoot, type RealDirs } from '../files/inside-root.js';
import { moduleId } from '../views/names.js';
import { one, rows, type Queryable } from '../views/queryable.js';
import { resolveId } from '../views/short-id.js';
import { defaultTarPath, packageName } from './package-name.js';
import { filesAt, missingAt, noFiles, packingLocation, type PackedFile } from './package-files.js';
import { deadPartials, TAR_CHECKSUM, tarPlace, writeTar, type Leftover, type TarPlace } from './package-tar.js';

/** Files named in an error before `… N more`. */
const SHOWN = 5;

export interface PackageRequest {
  /** The execution's id, or a unique prefix of at least 8 characters. */
  executed: string;
  /** `NAME` or `INSTRUMENT/NAME`. */
  module: string;
  /** `SITE/NAME` where the files are; default: the one location that has them all. */
  location?: string;
  /** Write the tar here: relative to the location's root, or absolute inside it; a directory gets `NAME.tar`. */
  tar?: string;
  /**
   * Without `location`, when the files are at several locations: picks one of them (`SITE/NAME`,
   * with how many of the files each has) — a prompt on a terminal. Absent: exit 2 listing them.
   */
  chooseLocation?: (candidates: { key: string; files: number }[]) => Promise<string>;
  /** Check everything and say what would be recorded and written, changing nothing. */
  dryRun?: boolean;
  /** Stops writing the tar (SIGINT): nothing is left under the final name and nothing recorded. */
  signal?: AbortSignal;
}

export interface PackageOutcome {
  /** Null only in a dry run that would create it. */
  id: string | null;
  name: string;
  executed: string;
  /** `INSTRUMENT/NAME`. */
  module: string;
  /** `SITE/NAME` the files were packed from. */
  location: string;
  files: number;
  /** The sum of the files' sizes. */
  filesBytes: number;
  /**
   * The package's recorded size: its tar's once a tar is recorded (the size of what its checksum is
   * of), the files' total until then; null in a dry run that would write the tar.
   */
  sizeBytes: number | null;
  state: string;
  /** Where the tar is (or, until one is written, will be) relative to a location's root. */
  relativePath: string;
  /** With --tar: the tar written at the location (its copy there); size and checksum null in a dry run. */
  tar: {
    path: string;
    sizeBytes: number | null;
    checksum: string | null;
    checksumAlgorithm: string;
    reused: boolean;
  } | null;
  /**
   * With --tar: temporary tars other runs left beside the tar (killed outright): removed when a dead
   * run of this host left them (in a dry run: would be), kept otherwise.
   */
  leftovers: Leftover[];
  /** `created`; `updated` (its tar written now); `unchanged` (it already existed as asked). */
  outcome: 'created' | 'updated' | 'unchanged';
  /** Nothing was written: `outcome` and `tar` say what would have been (the tar's size and checksum unknown). */
  dryRun: boolean;
}

interface ExistingPackage {
  id: string;
  executed: string;
  moduleId: number;
  relativePath: string;
  checksum: string | null;
  state: string;
}

/**
 * `package create`: records the raw data package of one (execution, module) from the files it has
 * at one location — named by `packageName`, sized as the sum of the files (as its tar, with `tar`),
 * `waiting` — and points the files at it, in one transaction. With `tar`, first writes the tar there
 * (streamed and hashed, see `writeTar`) and records it as the package's copy at the location, and
 * the tar's checksum and size as the package's (size and checksum describe the same object, the
 * tar: DESIGN §5.3; a copy recorded without its own size is then checked against the tar's).
 * Temporary tars that dead runs of this host left beside it are removed first (`deadPartials`).
 *
 * Everything is checked before anything is written: an unknown or ambiguous execution or module,
 * a running execution or one whose `file register --obs-unit` did not finish, no files, files
 * without a present copy at the location, files already in another package, a tar path outside the
 * root, a file not on disk with its recorded size. Running it again is `unchanged`; a package that
 * exists with other files is exit 1 saying what differs.
 */
export async function createPackage(pool: pg.Pool, req: PackageRequest): Promise<PackageOutcome> {
  try {
    return await attempt(pool, req);
  } catch (err) {
    // Another run made the package between our reads and our write: looked at again, it is there,
    // and this run says what a repeat run says ("unchanged", or what differs).
    if (err instanceof Error && RACED.has(err)) return attempt(pool, req);
    throw err;
  }
}

async function attempt(pool: pg.Pool, req: PackageRequest): Promise<PackageOutcome> {
  const executed = await resolveId(pool, 'executed', req.executed, 'executed');
  const module = await moduleId(pool, req.module);
  const pair = (await one<{ status: string; registering: boolean; instrument: string; module: string }>(
    pool,
    sql`select e.status, e.register_run is not null as registering, i.name as instrument, m.name as module
          from executed_obs_unit e, instrument_module m join instrument i on i.id = m.instrument_id
         where e.id = ${executed}::uuid and m.id = ${module}`,
  ))!;
  const moduleKey = `${pair.instrument}/${pair.module}`;
  const dryRun = req.dryRun ?? false;
  const name = packageName(executed, pair.instrument, pair.module);
  if (pair.status === 'running') {
    throw new Conflict(`execution ${executed} is still running: its files may not all be there yet; nothing written`, [
      `package it once it has ended (\`ccat-ops executed finish ${executed.slice(0, 8)} --status completed\`)`,
    ]);
  }
  if (pair.registering) {
    throw new Conflict(
      `execution ${executed} is still being registered: a \`file register --obs-unit\` of its files did not finish; nothing written`,
      ['run that `file register` command again to add the rest of its files, then package it'],
    );
  }
  const location = await packingLocation(pool, executed, module, moduleKey, req.location, req.chooseLocation);
  await missingAt(pool, executed, module, location);
  // The package before its files: a package another run makes in between then shows as files in a
  // package of this name that was not there, which is `meanwhile` (looked at again), not a difference.
  const existing = await one<ExistingPackage>(
    pool,
    sql`select id::text, executed_obs_unit_id::text as executed, instrument_module_id as "moduleId",
               relative_path as "relativePath", checksum, state
          from raw_data_package where name = ${name}`,
  );
  const files = await filesAt(pool, executed, module, location.id);
  if (files.length === 0) throw noFiles(executed, moduleKey);
  if (existing && (existing.executed !== executed || existing.moduleId !== module)) {
    throw new Conflict(`the name ${name} is taken by package ${existing.id} of another execution or module`, [
      `see it with \`ccat-ops package show ${existing.id.slice(0, 8)}\``,
    ]);
  }
  sameFiles(files, existing, name);
  const filesBytes = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  const result = {
    name,
    executed,
    module: moduleKey,
    location: location.key,
    files: files.length,
    filesBytes,
  };

  let place: TarPlace | undefined;
  let root: LocationRoot | undefined;
  if (req.tar !== undefined) {
    const disk = await diskLocation(pool, location.key, 'location', { writeMarker: !req.dryRun });
    root = await openRoot(disk.root);
    place = await tarPlace(root, req.tar, name);
    if (existing?.checksum) {
      if (existing.relativePath !== place.rel) {
        throw new Conflict(
          `package ${name} already has its tar at ${existing.relativePath}, not ${place.rel}; nothing written`,
          [`leave out --tar, or give --tar ${existing.relativePath}`],
        );
      }
      const recorded = await outcomeOf(pool, existing.id, location.id);
      if (!recorded.tar && !(await hadCopyAt(pool, existing.id, location.id))) {
        // Its tar was written elsewhere: one written here would be another object (the files'
        // times differ between locations), not the tar the package's checksum is of. (One that was
        // here and is deleted since, moved on, is the repeat of the run that wrote it: unchanged.)
        throw new Conflict(
          `package ${name} already has its tar (sha256 ${existing.checksum.slice(0, 12)}…), with no copy at ${location.key}: ` +
            `--tar writes a package's tar once, where it is packed; nothing written`,
          [`copy that tar to ${location.key} from where it is (\`ccat-ops package show ${name}\` lists its copies)`],
        );
      }
      const leftovers = await deadPartials(place, dryRun, recordedAt(pool, location.id));
      return {
        ...recorded,
        ...result,
        leftovers,
        outcome: 'unchanged',
        dryRun,
      };
    }
  }
  if (existing && !place) {
    return {
      ...(await outcomeOf(pool, existing.id, location.id)),
      ...result,
      leftovers: [],
      outcome: 'unchanged',
      dryRun,
    };
  }
  const relativePath = place?.rel ?? existing?.relativePath ?? defaultTarPath(name);
  if (dryRun) {
    if (place && root) onDisk(root, files, location.key);
    return {
      id: existing?.id ?? null,
      ...result,
      sizeBytes: place ? null : filesBytes,
      state: existing?.state ?? 'waiting',
      relativePath,
      tar: place
        ? { path: place.rel, sizeBytes: null, checksum: null, checksumAlgorithm: TAR_CHECKSUM, reused: false }
        : null,
      leftovers: place ? await deadPartials(place, true, recordedAt(pool, location.id)) : [],
      outcome: existing ? 'updated' : 'created',
      dryRun,
    };
  }

  let tar: PackageOutcome['tar'] = null;
  let leftovers: Leftover[] = [];
  if (place && root) {
    onDisk(root, files, location.key);
    leftovers = await deadPartials(place, false, recordedAt(pool, location.id));
    const written = await writeTar(root, files, place, location.key, req.signal);
    tar = {
      path: place.rel,
      sizeBytes: written.bytes,
      checksum: written.checksum,
      checksumAlgorithm: TAR_CHECKSUM,
      reused: written.reused,
    };
  }
  // The package's size is its tar's once the tar is recorded: what its checksum is of.
  const sizeBytes = tar ? tar.sizeBytes! : filesBytes;
  const id = await withTransaction(pool, async (db) => {
    let id = existing?.id;
    if (id) {
      // Its tar, written now: only while it has none (two runs at once: the first one's stays).
      const updated = await db.query(
        sql`update raw_data_package set relative_path = ${relativePath}, checksum = ${tar!.checksum},
                   checksum_algorithm = ${TAR_CHECKSUM}, size_bytes = ${sizeBytes}
             where id = ${id}::uuid and checksum is null`,
      );
      if (updated.rowCount !== 1) throw meanwhile(name);
    } else {
      // Sized as its tar already (with --tar), but without the tar's checksum while its files join; the
      // checksum follows (raw_data_package_files_fixed_once_sealed does not need it to).
      const created = await one<{ id: string }>(
        db,
        sql`insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, state)
            values (${name}, ${executed}::uuid, ${module}, ${relativePath}, ${sizeBytes}, 'waiting')
            on conflict (name) do nothing
            returning id::text`,
      );
      if (!created) throw meanwhile(name);
      id = created.id;
      const ids = files.map((f) => f.id);
      const packed = await db.query(
        sql`update raw_data_file set raw_data_package_id = ${id}::uuid
             where id = any(${ids}::uuid[]) and raw_data_package_id is null`,
      );
      if (packed.rowCount !== ids.length) throw meanwhile(name);
      if (tar) {
        await db.query(
          sql`update raw_data_package set checksum = ${tar.checksum}, checksum_algorithm = ${TAR_CHECKSUM} where id = ${id}::uuid`,
        );
      }
    }
    if (tar) {
      await db.query(
        sql`insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, size_bytes,
                                       checksum, checksum_algorithm, verified_at)
            values ('raw_data_package', ${id}::uuid, ${location.id}, 'present', ${tar.sizeBytes},
                    ${tar.checksum}, ${TAR_CHECKSUM}, now())`,
      );
    }
    return id;
  });
  return {
    id,
    ...result,
    sizeBytes,
    state: existing?.state ?? 'waiting',
    relativePath,
    tar,
    leftovers,
    outcome: existing ? 'updated' : 'created',
    dryRun,
  };
}

/** Exit 1 when the files differ from the package's: in another package, or added or gone since it was created. */
function sameFiles(files: PackedFile[], existing: ExistingPackage | undefined, name: string): void {
  if (!existing && files.some((f) => f.packageName === name)) throw meanwhile(name);
  const elsewhere = files.filter((f) => f.packageId !== null && f.packageId !== existing?.id);
  if (elsewhere.length) {
    throw new Conflict(
      `${elsewhere.length} of the files are already in another package (${elsewhere[0].path} in ${elsewhere[0].packageName}); nothing written`,
      [`see it with \`ccat-ops package show ${elsewhere[0].packageName}\``],
    );
  }
  if (!existing) return;
  const added = files.filter((f) => f.packageId === null);
  // Files still in it are among `files` (all of the pair's are at this location, or missingAt failed).
  if (added.length) {
    throw new Conflict(
      `package ${name} already exists, without ${added.length} file(s) registered since (${added
        .slice(0, SHOWN)
        .map((f) => f.path)
        .join(', ')}${added.length > SHOWN ? ', …' : ''}); nothing written`,
      [`see it with \`ccat-ops package show ${name}\``],
    );
  }
}

/**
 * Exit 1 before the tar is written for a file not on disk as recorded: missing, leading out of the
 * root, or another size.
 */
function onDisk(root: LocationRoot, files: PackedFile[], key: string): void {
  const dirs: RealDirs = new Map();
  for (const f of files) {
    const at = locate(root, f.path, dirs);
    const problem =
      'outside' in at
        ? `leads outside the root (to ${at.outside})`
        : 'error' in at
          ? at.error === 'ENOENT'
            ? 'is not on disk'
            : `cannot be read (${at.error})`
          : !at.stats.isFile()
            ? 'is not a regular file'
            : at.stats.size !== f.sizeBytes
              ? `is ${at.stats.size} bytes on disk, ${f.sizeBytes} recorded`
              : undefined;
    if (problem) {
      throw new Conflict(`${f.path} at ${key} ${problem}; no tar written, nothing recorded`, [
        `check the location with \`ccat-ops audit copies --location ${key}\``,
      ]);
    }
  }
}

/** Whether the package ever had a copy at the location (deleted since, or not). */
async function hadCopyAt(db: Queryable, id: string, location: number): Promise<boolean> {
  const copy = await one<{ id: string }>(
    db,
    sql`select id::text from physical_copy where raw_data_package_id = ${id}::uuid and data_location_id = ${location} limit 1`,
  );
  return copy !== undefined;
}

/** What is recorded of an existing package, and its copy's tar at the location if it has one. */
async function outcomeOf(
  db: Queryable,
  id: string,
  location: number,
): Promise<Pick<PackageOutcome, 'id' | 'sizeBytes' | 'state' | 'relativePath' | 'tar'>> {
  const p = (await one<{ sizeBytes: number; state: string; relativePath: string }>(
    db,
    sql`select size_bytes as "sizeBytes", state, relative_path as "relativePath" from raw_data_package where id = ${id}::uuid`,
  ))!;
  const copy = await one<{ path: string; sizeBytes: number; checksum: string; checksumAlgorithm: string }>(
    db,
    sql`select coalesce(c.relative_path, p.relative_path) as path, coalesce(c.size_bytes, p.size_bytes) as "sizeBytes",
               coalesce(c.checksum, p.checksum) as checksum, coalesce(c.checksum_algorithm, p.checksum_algorithm) as "checksumAlgorithm"
          from physical_copy c join raw_data_package p on p.id = c.raw_data_package_id
         where c.raw_data_package_id = ${id}::uuid and c.data_location_id = ${location} and c.status <> 'deleted'`,
  );
  return {
    id,
    sizeBytes: p.sizeBytes,
    state: p.state,
    relativePath: p.relativePath,
    tar: copy ? { ...copy, reused: true } : null,
  };
}

/**
 * Which of these paths (relative to the location's root) the database records as data there: a raw
 * data file's or a package's path, or a live copy's own path at the location. `deadPartials` never
 * removes such a file, however it is named.
 */
function recordedAt(db: Queryable, location: number): (paths: string[]) => Promise<Set<string>> {
  return async (paths) => {
    const found = await rows<{ path: string }>(
      db,
      sql`select f.relative_path as path from raw_data_file f where f.relative_path = any(${paths}::text[])
          union select p.relative_path from raw_data_package p where p.relative_path = any(${paths}::text[])
          union select c.relative_path from physical_copy c
           where c.data_location_id = ${location} and c.status <> 'deleted' and c.relative_path = any(${paths}::text[])`,
    );
    return new Set(found.map((r) => r.path));
  };
}

/** The errors of a run that another run overtook: `createPackage` looks again once. */
const RACED = new WeakSet<Error>();

const meanwhile = (name: string) => {
  const err = new Conflict(
    `package ${name} was created or changed by another run meanwhile; nothing written by this one`,
    ['run the same command again to see it'],
  );
  RACED.add(err);
  return err;
};
