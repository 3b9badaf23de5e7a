import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type pg from 'pg';
import sql, { raw } from 'sql-template-tag';
import pLimit from 'p-limit';
import { withTransaction } from '../db/transaction.js';
import { UsageError } from '../errors.js';
import { diskLocation } from '../audit/disk-location.js';
import type { ChecksumAlgorithmName } from '../audit/checksum.js';
import { CHANGED } from '../audit/file-worker.js';
import { FileWorkers } from '../audit/file-workers.js';
import { MARKER_FILE } from '../audit/location-marker.js';
import { isPartialTar } from '../packages/package-tar.js';
import { NOT_UTF8, walkTree } from '../audit/tree-walk.js';
import { executedId, moduleId, obsUnitId } from '../views/names.js';
import { rows, type Queryable } from '../views/queryable.js';
import { readManifest, type ManifestEntry } from './checksum-manifest.js';
import { visibleInline } from '../output/visible.js';
import { CLOCK_SKEW_MS } from '../services/executions.js';
import { isUnder, openRoot, resolveUnder, type LocationRoot } from './inside-root.js';

/** First key of the per-location advisory lock registrations take turns on. */
const REGISTER_LOCK = 7313;

/**
 * The ON CONFLICT target of a live copy of a file at a location. It names both predicates so that it
 * matches the live-copy index keyed on status and, on a database whose old duplicate copies kept the
 * migration from rebuilding that index, the old one on deleted_at (a new row satisfies both).
 */
const LIVE_FILE_COPY_INDEX = raw("status <> 'deleted' and deleted_at is null and raw_data_file_id is not null");

export interface RegisterRequest {
  /** `SITE/NAME` of a disk location. */
  location: string;
  /** Files or directories, relative to the location's root or absolute inside it. */
  paths: string[];
  manifest?: string;
  algorithm: ChecksumAlgorithmName;
  executed?: string;
  /** Instead of `executed`: record one execution of this obs unit for the new files. */
  obsUnit?: string;
  module?: string;
  dryRun: boolean;
  concurrency: number;
  batchSize?: number;
  onStart?: (total: number) => void;
  onFile?: (bytes: number) => void;
}

export interface RegisterOutcome {
  location: string;
  /** Files looked at. */
  files: number;
  bytes: number;
  /** Raw data files created (each with its copy). */
  created: number;
  /** Copies added for files the database already knew. */
  copiesAdded: number;
  /** Files already registered with a copy here: nothing to do. */
  unchanged: number;
  /** Files left alone, and why (a different checksum on record, not on disk…). */
  skipped: { path: string; reason: string }[];
  /**
   * ccat-ops' own files met under the PATHs, never raw data: temporary tars of `package create --tar`
   * (being written, or left by a run killed outright). Not registered, and no problem (exit 0).
   */
  ignored: { path: string; reason: string }[];
  dryRun: boolean;
  /**
   * With --obs-unit: the execution of the new files (absent when there were none and no earlier run
   * of the same command left one unfinished).
   */
  executed?: string;
  /** `recorded` now, or `continued`: left unfinished by an earlier run of the same command. */
  execution?: 'recorded' | 'continued';
  /** The execution stays open to the same command (files on their way were skipped): running it again adds them. */
  unfinished?: boolean;
  /**
   * When this run recorded a new execution: those of the obs unit that other `file register`
   * commands left unfinished (not this one's: run those commands again to finish them).
   */
  unfinishedElsewhere?: string[];
}

const NOT_ON_DISK = 'not on disk';
const CHANGED_WHILE_READ = 'changed while it was being read (still being written?): register it once it is complete';
const APPEARED_LATER = 'appeared after the first pass; register it with --executed and --module';
/** Skips that may come right by themselves (a file still on its way): they keep an --obs-unit registration open. */
const PENDING_SKIPS = new Set([NOT_ON_DISK, CHANGED_WHILE_READ, APPEARED_LATER]);

/**
 * With --obs-unit: the run's execution is found again by what the run was asked, so running the same
 * command after an interruption continues it (see `RegisterRequest.obsUnit`).
 */
interface RegisterRun {
  obsUnit: number;
  module: number;
  /** `executed_obs_unit.register_run` while the registration is unfinished: a sha256 of what the run was asked. */
  key: string;
}

interface Candidate {
  path: string;
  size: number;
  /** Last modified (ms since the epoch). */
  mtimeMs: number;
  /** From the manifest; computed otherwise. */
  checksum?: string;
}

interface Known {
  id: string;
  path: string;
  checksum: string;
  algorithm: string;
  copied: boolean;
}

/**
 * `file register`: adopts files that are on disk under a location's root as raw data files with a
 * physical copy there (or only the copy, for a file the database knows by path and checksum). Two
 * passes: the first finds which files are new, so a missing --executed/--module is exit 2 before
 * anything is written; the second hashes (or takes the manifest's checksums) and writes one
 * transaction per batch. Running it again changes nothing.
 *
 * With --obs-unit, the execution it records carries the run's arguments (`register_run`: location,
 * module, PATHs, manifest) until a run of them ends with no file still on its way (skips that need
 * an operator do not hold it); until then, running the same command again adds its new files to that
 * execution (an interrupted run is continued, not split over two executions). Other commands, or the
 * same one after it finished, record a new execution.
 */
export async function registerFiles(pool: pg.Pool, req: RegisterRequest): Promise<RegisterOutcome> {
  if (req.executed !== undefined && req.obsUnit !== undefined) {
    throw new UsageError('give --executed (an execution already recorded) or --obs-unit (record one now), not both');
  }
  // Before the location is looked at (and its marker written): a bad manifest changes nothing.
  const manifest = req.manifest === undefined ? undefined : readManifest(req.manifest, req.algorithm);
  const location = await diskLocation(pool, req.location, 'location', { writeMarker: !req.dryRun });
  const root = await openRoot(location.root);
  const inside: string[] = [];
  for (const p of req.paths) {
    const where = await resolveUnder(root, p);
    if ('error' in where) {
      const what = where.error === 'ENOENT' ? 'no such file or directory' : `cannot be read (${where.error})`;
      throw new UsageError(`${p}: ${what} under ${location.root}`);
    }
    if ('outside' in where) throw outsideRoot(root, p, where);
    inside.push(where.rel);
  }
  const out: RegisterOutcome = {
    location: location.key,
    files: 0,
    bytes: 0,
    created: 0,
    copiesAdded: 0,
    unchanged: 0,
    skipped: [],
    ignored: [],
    dryRun: req.dryRun,
  };
  const batchSize = req.batchSize ?? 500;

  // Pass 1: what is new.
  let fresh = 0;
  let total = 0;
  // With --obs-unit, the execution recorded spans the new files' modification times.
  let firstWritten = Infinity;
  let lastWritten = -Infinity;
  let lastPath = '';
  for await (const found of candidates(root, inside, manifest, batchSize, out.skipped, out.ignored)) {
    const batch = await withoutPackages(pool, location.id, found, out.ignored);
    const known = await knownFiles(
      pool,
      location.id,
      batch.map((c) => c.path),
    );
    for (const c of batch.filter((c) => !known.has(c.path))) {
      fresh += 1;
      firstWritten = Math.min(firstWritten, c.mtimeMs);
      if (c.mtimeMs > lastWritten) [lastWritten, lastPath] = [c.mtimeMs, c.path];
    }
    total += batch.length;
  }
  // With --obs-unit (and --module): the run's key, and an execution an earlier run of it left unfinished.
  let run: RegisterRun | undefined;
  if (req.obsUnit !== undefined && req.module !== undefined) {
    const obsUnit = await obsUnitId(pool, req.obsUnit);
    const module = await moduleId(pool, req.module);
    const manifestPath = req.manifest === undefined ? null : await realpath(resolve(req.manifest));
    // A digest: any number of PATHs stays a short key (the unique index takes keys of a few KB at most).
    const asked = JSON.stringify({
      location: location.id,
      module,
      paths: [...new Set(inside)].sort(),
      manifest: manifestPath,
    });
    const key = createHash('sha256').update(asked).digest('hex');
    run = { obsUnit, module, key };
    const open = await openExecution(pool, run);
    if (open) {
      out.executed = open;
      out.execution = 'continued';
    }
  }
  let target: { executed: string | RegisterRun; module: number } | undefined;
  if (fresh > 0) {
    if ((req.executed === undefined && req.obsUnit === undefined) || req.module === undefined) {
      throw new UsageError(
        `${fresh} file(s) are new to the database: say whose they are with --module and --executed (or --obs-unit)`,
      );
    }
    if (run) notWrittenInFuture(lastPath, lastWritten);
    target = run
      ? { executed: run, module: run.module }
      : { executed: await executedId(pool, req.executed!), module: await moduleId(pool, req.module) };
  }
  if (req.dryRun) {
    out.files = total;
    out.created = fresh;
    return out;
  }

  // Pass 2: checksums and writes.
  req.onStart?.(total);
  out.skipped = [];
  out.ignored = [];
  const hasher = manifest ? undefined : new FileWorkers(req.concurrency);
  const limit = pLimit(req.concurrency);
  try {
    for await (const found of candidates(root, inside, manifest, batchSize, out.skipped, out.ignored)) {
      const batch = await withoutPackages(pool, location.id, found, out.ignored);
      const known = await knownFiles(
        pool,
        location.id,
        batch.map((c) => c.path),
      );
      const hashed = await Promise.all(
        batch.map((c) =>
          limit(async () => {
            const k = known.get(c.path);
            const algorithm = (k?.algorithm ?? req.algorithm) as ChecksumAlgorithmName;
            let checksum = c.checksum;
            let size = c.size;
            if (checksum === undefined) {
              const r = await hasher!.hash({ root, path: c.path, algorithm });
              if ('outside' in r) return { ...c, error: `leads outside the location's root (to ${r.outside})` };
              if ('error' in r) {
                return {
                  ...c,
                  error: r.error === CHANGED ? CHANGED_WHILE_READ : `cannot read (${r.error})`,
                };
              }
              checksum = r.digest;
              size = r.bytes; // what was hashed, from the same descriptor
            } else if (k && k.algorithm !== req.algorithm) {
              return { ...c, error: `recorded with ${k.algorithm}; the manifest is ${req.algorithm}` };
            }
            req.onFile?.(size);
            return { ...c, size, checksum, algorithm, known: k };
          }),
        ),
      );
      await withTransaction(pool, async (db) => {
        // Registrations at a location take turns, and look again under the lock: a file another
        // one created meanwhile is known now (relative paths are not unique in the schema).
        await db.query(sql`select pg_advisory_xact_lock(${REGISTER_LOCK}, ${location.id})`);
        const fresh = hashed.filter((f) => !('error' in f) && !f.known).map((f) => f.path);
        const knownNow = fresh.length ? await knownFiles(db, location.id, fresh) : new Map<string, Known>();
        const settled: string[] = [];
        for (const f of hashed) {
          out.files += 1;
          if ('error' in f) {
            out.skipped.push({ path: f.path, reason: f.error! });
            continue;
          }
          out.bytes += f.size;
          const known = f.known ?? knownNow.get(f.path);
          if (known) {
            if (known.algorithm !== f.algorithm || known.checksum.toLowerCase() !== f.checksum) {
              out.skipped.push({
                path: f.path,
                reason: `registered as file ${known.id} with ${known.algorithm} ${known.checksum}; ${manifest ? 'the manifest says' : 'on disk it is'} ${f.algorithm} ${f.checksum}`,
              });
              continue;
            }
            if (known.copied) {
              out.unchanged += 1;
            } else {
              out.copiesAdded += await addCopy(db, known.id, location.id, manifest === undefined);
            }
            settled.push(f.path);
            continue;
          }
          if (!target) {
            out.skipped.push({
              path: f.path,
              reason: APPEARED_LATER,
            });
            continue;
          }
          if (typeof target.executed !== 'string') {
            // The run's own execution, written with its first new file (so never without files).
            const e = await recordExecution(db, target.executed, firstWritten, lastWritten);
            target.executed = e.id;
            out.executed = e.id;
            out.execution = e.continued ? 'continued' : 'recorded';
            if (e.elsewhere.length) out.unfinishedElsewhere = e.elsewhere;
          }
          const [created] = await rows<{ id: string }>(
            db,
            sql`insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
                values (${target.executed}::uuid, ${target.module}, ${f.path}, ${f.size}, ${f.checksum}, ${f.algorithm})
                returning id::text`,
          );
          await addCopy(db, created.id, location.id, manifest === undefined);
          out.created += 1;
          settled.push(f.path);
        }
        if (settled.length) {
          await db.query(
            sql`update audit_finding set resolved_at = now(), resolution = 'registered'
                where data_location_id = ${location.id} and kind = 'dark' and resolved_at is null
                  and relative_path = any(${settled}::text[])`,
          );
        }
      });
    }
  } finally {
    await hasher?.close();
  }
  if (run && out.executed !== undefined) {
    // Every file is there, or those skipped need an operator (a different checksum on record, a
    // broken link…): the registration is finished, and the same command later records a new
    // execution. Files that may yet come right by themselves keep it open to them; a skip that
    // lasts must not keep it open, or the same command's next data would join this execution.
    if (!out.skipped.some((s) => PENDING_SKIPS.has(s.reason))) {
      await pool.query(
        sql`update executed_obs_unit set register_run = null
             where obs_unit_id = ${run.obsUnit} and register_run = ${run.key}`,
      );
    } else {
      out.unfinished = true;
    }
  }
  return out;
}

/** The execution an earlier run with this key left unfinished, if any. */
async function openExecution(db: Queryable, run: RegisterRun): Promise<string | undefined> {
  const [open] = await rows<{ id: string }>(
    db,
    sql`select id::text from executed_obs_unit where obs_unit_id = ${run.obsUnit} and register_run = ${run.key}`,
  );
  return open?.id;
}

/**
 * The execution `file register --obs-unit` records for the files it adopts: completed, from the
 * first new file's modification time to the last one's (what the files tell of when it ran), open to
 * the same command until it finishes. One an earlier run of the same command left unfinished is
 * continued instead, its span widened to this run's new files. Called under the location's lock,
 * which runs with the same key (the same location) take turns on.
 */
async function recordExecution(
  db: Queryable,
  run: RegisterRun,
  firstMs: number,
  lastMs: number,
): Promise<{ id: string; continued: boolean; elsewhere: string[] }> {
  const first = new Date(firstMs);
  const last = new Date(Math.max(firstMs, lastMs));
  const [continued] = await rows<{ id: string }>(
    db,
    sql`update executed_obs_unit set start_time = least(start_time, ${first}), end_time = greatest(end_time, ${last}),
               updated_at = now()
         where obs_unit_id = ${run.obsUnit} and register_run = ${run.key}
        returning id::text`,
  );
  if (continued) return { id: continued.id, continued: true, elsewhere: [] };
  const elsewhere = await rows<{ id: string }>(
    db,
    sql`select id::text from executed_obs_unit where obs_unit_id = ${run.obsUnit} and register_run is not null
         order by start_time, id`,
  );
  const [e] = await rows<{ id: string }>(
    db,
    sql`insert into executed_obs_unit (obs_unit_id, status, start_time, end_time, register_run)
        values (${run.obsUnit}, 'completed', ${first}, ${last}, ${run.key})
        returning id::text`,
  );
  return { id: e.id, continued: false, elsewhere: elsewhere.map((x) => x.id) };
}

/** A live copy of the file at the location (`verified`: its checksum was just computed); 0 if one exists. */
async function addCopy(db: Queryable, fileId: string, locationId: number, verified: boolean): Promise<number> {
  const result = await db.query(
    sql`insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status, verified_at)
        values ('raw_data_file', ${fileId}::uuid, ${locationId}, 'present', ${verified ? new Date() : null})
        on conflict (raw_data_file_id, data_location_id) where ${LIVE_FILE_COPY_INDEX} do nothing`,
  );
  return result.rowCount ?? 0;
}

/**
 * The batch without the files the database records as a package's tar (or a transfer bundle) at the
 * location — `package create --tar` wrote them there, or a transfer brought them: not raw data, never
 * adopted as such; each goes to `ignored`, naming its package.
 */
async function withoutPackages(
  db: Queryable,
  locationId: number,
  batch: Candidate[],
  ignored: { path: string; reason: string }[],
): Promise<Candidate[]> {
  if (batch.length === 0) return batch;
  const paths = batch.map((c) => c.path);
  // By path through the path indexes (a copy's own path, else its package's or bundle's), not by
  // reading every copy at the location: a batch costs milliseconds at a location of millions.
  const packed = await rows<{ path: string; name: string }>(
    db,
    sql`select c.relative_path as path,
               coalesce('package ' || p.name, 'transfer package ' || c.data_transfer_package_id::text) as name
          from physical_copy c left join raw_data_package p on p.id = c.raw_data_package_id
         where c.data_location_id = ${locationId} and c.relative_path = any(${paths}::text[])
           and c.raw_data_file_id is null and c.status <> 'deleted'
        union all
        select p.relative_path, 'package ' || p.name
          from raw_data_package p
          join physical_copy c on c.raw_data_package_id = p.id and c.data_location_id = ${locationId}
         where p.relative_path = any(${paths}::text[]) and c.relative_path is null and c.status <> 'deleted'
        union all
        select d.relative_path, 'transfer package ' || d.id::text
          from data_transfer_package d
          join physical_copy c on c.data_transfer_package_id = d.id and c.data_location_id = ${locationId}
         where d.relative_path = any(${paths}::text[]) and c.relative_path is null and c.status <> 'deleted'`,
  );
  if (packed.length === 0) return batch;
  const names = new Map(packed.map((p) => [p.path, p.name]));
  for (const c of batch) {
    const name = names.get(c.path);
    if (name) ignored.push({ path: c.path, reason: `the tar of ${name}, recorded at this location (not raw data)` });
  }
  return batch.filter((c) => !names.has(c.path));
}

/** Raw data files with these relative paths, and whether each has a live copy at the location. */
async function knownFiles(db: Queryable, locationId: number, paths: string[]): Promise<Map<string, Known>> {
  const found = await rows<Known>(
    db,
    sql`select f.id::text, f.relative_path as path, f.checksum, f.checksum_algorithm as algorithm,
               exists (select 1 from physical_copy c where c.raw_data_file_id = f.id and c.data_location_id = ${locationId}
                         and c.status <> 'deleted') as copied
          from raw_data_file f where f.relative_path = any(${paths}::text[])`,
  );
  return new Map(found.map((k) => [k.path, k]));
}

/** Exit 2 for a path that leads out of the root: nothing is registered. */
function outsideRoot(root: LocationRoot, path: string, where: { outside: string; lexically: boolean }): UsageError {
  return new UsageError(
    `${path} is not under the location's root ${root.path}` +
      (where.lexically ? '' : ` (a symbolic link leads to ${where.outside}); nothing was registered`),
    [
      where.lexically
        ? 'give paths relative to the root, or absolute inside it'
        : 'register the files where they really are (copy them under the root), or remove the link',
    ],
  );
}

/**
 * Exit 2, with --obs-unit, for a new file last modified in the future (beyond the clock skew `executed
 * add` allows): the execution recorded would end then (a wrong clock where the file was written),
 * and stand so in the record and in every time range after it. Nothing is registered.
 */
function notWrittenInFuture(path: string, mtimeMs: number, now = Date.now()): void {
  if (mtimeMs <= now + CLOCK_SKEW_MS) return;
  throw new UsageError(
    `--obs-unit: ${visibleInline(path)} was last modified at ${new Date(mtimeMs).toISOString()}, in the future ` +
      `(now is ${new Date(now).toISOString()}): the execution would end then; nothing was registered`,
    [
      "correct the file's time (a wrong clock where it was written), or record the execution with `ccat-ops executed add` and register with --executed",
    ],
  );
}

/** Exit 2 for a manifest that gives one file two checksums: nothing is registered. */
function twoChecksums(path: string, first: ManifestEntry, second: ManifestEntry): UsageError {
  const as = (e: ManifestEntry) => (e.path === path ? '' : ` (as ${visibleInline(e.path)})`);
  return new UsageError(
    `--manifest lists ${visibleInline(path)} twice with different checksums: ${first.checksum}${as(first)} and ` +
      `${second.checksum}${as(second)}; nothing was registered`,
    ['correct the manifest (one checksum per file), or register without --manifest to compute them'],
  );
}

/**
 * The files to register, in batches: the manifest's entries (under the paths, if any), or every file
 * under the paths. Each by its real path relative to the real root: a link inside the root is
 * followed once (a directory reached twice is walked once, a file reached twice is one file); a
 * path or link that leads out of the root is exit 2 — the first pass finds it before anything is
 * written. ccat-ops' own files are never candidates: the location's marker (silently) and the
 * temporary tars of `package create --tar` (in `ignored`).
 */
async function* candidates(
  root: LocationRoot,
  paths: string[],
  manifest: ManifestEntry[] | undefined,
  size: number,
  skipped: { path: string; reason: string }[],
  ignored: { path: string; reason: string }[],
): AsyncGenerator<Candidate[]> {
  const batch: Candidate[] = [];
  const seen = new Set<string>(); // overlapping paths (`a` and `a/b`), links, or a manifest listing a file twice
  const add = async (path: string, checksum?: string) => {
    if (seen.has(path) || path === MARKER_FILE) return;
    seen.add(path);
    if (isPartialTar(basename(path))) {
      ignored.push({ path, reason: "a temporary tar of `package create --tar` (ccat-ops' own, not raw data)" });
      return;
    }
    const st = await stat(join(root.real, path)).catch(() => undefined);
    // The root itself (`.` in a manifest) has no relative path: it is shown as the root.
    if (!st?.isFile()) skipped.push({ path: path || '.', reason: st ? 'not a regular file' : NOT_ON_DISK });
    else batch.push({ path, size: st.size, mtimeMs: st.mtimeMs, checksum });
  };
  const under = (p: string) => paths.length === 0 || paths.some((d) => d === '' || p === d || p.startsWith(`${d}/`));
  if (manifest) {
    // The manifest's checksum of each file, by its real path: a file it lists twice (as written, or
    // by two paths to it) with two checksums is exit 2 before anything is written, since taking
    // either one would record a checksum nobody computed here.
    const listed = new Map<string, ManifestEntry>();
    for (const entry of manifest) {
      const where = await resolveUnder(root, entry.path);
      if ('outside' in where) throw outsideRoot(root, `--manifest: ${entry.path}`, where);
      const path = where.rel; // not on disk: skipped under the path as written
      const before = listed.get(path);
      if (before && before.checksum !== entry.checksum) throw twoChecksums(path, before, entry);
      listed.set(path, before ?? entry);
      if (!under(path)) continue;
      await add(path, entry.checksum);
      if (batch.length >= size) yield batch.splice(0);
    }
  } else {
    const walked: string[] = []; // real directories walked whole: what is under them has been seen
    const queue = [...paths];
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const dir = join(root.real, p);
      const st = await stat(dir).catch(() => undefined);
      if (!st?.isDirectory()) {
        await add(p);
        if (batch.length >= size) yield batch.splice(0);
        continue;
      }
      if (walked.some((w) => isUnder(w, dir))) continue;
      walked.push(dir);
      const at = (rel: string) => (p === '' ? rel : `${p}/${rel}`);
      const links: string[] = [];
      const unreadable = (rel: string, code: string) =>
        skipped.push({
          path: at(rel),
          reason: code === NOT_UTF8 ? NOT_UTF8 : `directory cannot be read (${code})`,
        });
      for await (const file of walkTree(dir, undefined, unreadable, (link) => links.push(link))) {
        await add(at(file));
        if (batch.length >= size) yield batch.splice(0);
      }
      for (const link of links) {
        const where = await resolveUnder(root, at(link));
        if ('outside' in where) throw outsideRoot(root, at(link), where);
        if ('error' in where) skipped.push({ path: at(link), reason: `a broken symbolic link (${where.error})` });
        else queue.push(where.rel);
      }
    }
  }
  if (batch.length) yield batch;
}
