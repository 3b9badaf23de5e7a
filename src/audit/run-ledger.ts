import type pg from 'pg';
import sql from 'sql-template-tag';
import { withTransaction } from '../db/transaction.js';
import { Busy } from '../errors.js';
import { one, rows, type Queryable } from '../views/queryable.js';
import type { AuditModeName, CopyOutcome, CopyResult, CopyToCheck } from './copy-check.js';
import { checksumCursor, countLiveCopies, nextCopies } from './copy-source.js';

/**
 * Everything an audit run keeps in the database: the run, its batches of work, its findings and
 * counters. Each batch's results are written in one transaction that also deletes (or shrinks) the
 * batch, so a run killed at any moment loses at most the unrecorded checks of the batches in hand,
 * and never records a check twice.
 */

export interface RunRow {
  id: string;
  locationId: number;
  mode: AuditModeName;
  status: string;
  params: RunParams;
  planned: number | null;
  allocated: number;
  allocatedAll: boolean;
  /** Copies whose check is recorded (by every process of the run). */
  checked: number;
  cursor: string | null;
  startedAt: string;
  stopReason: string | null;
}

export interface RunParams {
  dark: boolean;
  darkMinAgeMs: number;
  sample?: number;
}

export interface Batch {
  id: string;
  /**
   * `copies`: a list of copies (checksum runs); `dark`: the tree walk (of a checksum run); `sweep`:
   * every copy of an existence or size run in path order, and the tree walk alongside with --dark.
   */
  kind: 'copies' | 'dark' | 'sweep';
  /** The copies to check, when the allocating worker already read them. */
  copies?: CopyToCheck[];
  copyIds: string[];
  cursor: string | null;
  /** Who claimed it: results are recorded only while the batch is still theirs. */
  worker: string;
}

export const FINDING_KINDS = [
  'missing',
  'size_mismatch',
  'checksum_mismatch',
  'dark',
  'unreadable',
  'unknown_algorithm',
  'outside_root',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** First key of the per-run advisory lock allocators take turns on. */
const ALLOCATION_LOCK = 7311;
/** First key of the per-location advisory lock under which a run is started or joined. */
const START_LOCK = 7312;

const RUN_COLUMNS = sql`id::text, data_location_id as "locationId", mode, status, params, planned, allocated, checked,
  allocated_all as "allocatedAll", cursor, started_at::text as "startedAt", stop_reason as "stopReason"`;

export async function getRun(db: Queryable, id: string): Promise<RunRow | undefined> {
  return one<RunRow>(db, sql`select ${RUN_COLUMNS} from audit_run where id = ${id}::bigint`);
}

export interface StartRequest {
  locationId: number;
  mode: AuditModeName;
  params: RunParams;
  host: string;
  pid: number;
  /**
   * A new run checks its copies in one sweep (`copy-sweep.ts`; its cursor the id or, with the dark
   * walk, the path reached), rather than in batches handed out: for existence and size runs, which
   * check every copy.
   */
  sweep?: boolean;
}

export interface StartedRun {
  run: RunRow;
  resumed: boolean;
  /** A run of the location left unfinished with other settings, closed as aborted. */
  superseded?: string;
}

/**
 * The run to work on: the location's unfinished run when it has the same mode and settings (resumed
 * from its batches and cursor), else a new one. `exclusive`: the caller holds the location's lock
 * alone, so every batch still claimed belongs to a dead process and goes back to the pool.
 */
export async function startRun(
  pool: pg.Pool,
  req: StartRequest,
  exclusive: boolean,
  staleMs: number,
): Promise<StartedRun> {
  return withTransaction(pool, async (db) => {
    // --shard audits starting together hold the location's lock together: one of them creates the
    // run, the others find it.
    await db.query(sql`select pg_advisory_xact_lock(${START_LOCK}, ${req.locationId})`);
    const open = await one<RunRow & { alive: boolean; left: number }>(
      db,
      sql`select ${RUN_COLUMNS}, heartbeat_at > now() - make_interval(secs => ${staleMs / 1000}) as alive,
                 (select count(*) from audit_batch b where b.run_id = audit_run.id) as left
          from audit_run where data_location_id = ${req.locationId} and status = 'running'
          order by id desc limit 1 for update`,
    );
    let superseded: string | undefined;
    if (open) {
      const same =
        open.mode === req.mode &&
        open.params.dark === req.params.dark &&
        (!req.params.dark || open.params.darkMinAgeMs === req.params.darkMinAgeMs) &&
        (open.params.sample ?? null) === (req.params.sample ?? null);
      if (same) {
        if (exclusive)
          await db.query(
            sql`update audit_batch set status = 'pending', worker = null, updated_at = now() where run_id = ${open.id}::bigint`,
          );
        await db.query(
          sql`update audit_run set host = ${req.host}, pid = ${req.pid}, heartbeat_at = now(), stop_reason = null,
                 updated_at = now() where id = ${open.id}::bigint`,
        );
        const { alive: _alive, left: _left, ...run } = open;
        return { run: { ...run, stopReason: null }, resumed: true };
      }
      if (!exclusive && open.alive) {
        // Other --shard workers may be on it right now: do not pull it from under them.
        throw new Busy(`a ${open.mode} audit of this location is running (run ${open.id}) with other settings`, [
          `join it with the same --mode${open.params.dark ? ', --dark' : ''}${open.params.sample ? ' and --sample' : ''}, or try later`,
        ]);
      }
      // Killed after recording its last batch, it was done: completed, not aborted.
      const done = open.allocatedAll && open.left === 0;
      await db.query(
        done
          ? sql`update audit_run set status = 'completed', finished_at = now(), updated_at = now()
                where id = ${open.id}::bigint`
          : sql`update audit_run set status = 'aborted', finished_at = now(), updated_at = now(),
                   stop_reason = ${`superseded by a ${req.mode} audit`} where id = ${open.id}::bigint`,
      );
      await db.query(sql`delete from audit_batch where run_id = ${open.id}::bigint`);
      superseded = open.id;
    }
    const live = await countLiveCopies(db, req.locationId);
    const planned = req.params.sample === undefined ? live : Math.ceil(live * req.params.sample);
    const sweep = req.sweep === true && req.params.sample === undefined;
    const run = (await one<RunRow>(
      db,
      sql`insert into audit_run (data_location_id, mode, host, pid, heartbeat_at, params, planned, allocated, allocated_all)
          values (${req.locationId}, ${req.mode}, ${req.host}, ${req.pid}, now(), ${JSON.stringify(req.params)}::jsonb,
                  ${planned}, ${sweep ? planned : 0}, ${sweep || planned === 0})
          returning ${RUN_COLUMNS}`,
    ))!;
    if (sweep) {
      await db.query(sql`insert into audit_batch (run_id, kind) values (${run.id}::bigint, 'sweep')`);
    } else if (req.params.dark) {
      await db.query(sql`insert into audit_batch (run_id, kind) values (${run.id}::bigint, 'dark')`);
    }
    return { run, resumed: false, superseded };
  });
}

/**
 * The next batch for `worker`: a pending copies batch (or one whose worker stopped beating for
 * `staleMs`), else the dark walk if no one has it, else new copies handed out from the run's cursor.
 * Undefined when nothing is left to claim.
 */
export async function claimBatch(
  pool: pg.Pool,
  run: RunRow,
  worker: string,
  opts: { staleMs: number; batchSize: number; batchBytes: number },
): Promise<Batch | undefined> {
  const claim = (kind: Batch['kind']) =>
    one<{ id: string; copyIds: string[] | null; cursor: string | null }>(
      pool,
      sql`update audit_batch set status = 'claimed', worker = ${worker}, heartbeat_at = now(), updated_at = now()
          where id = (select id from audit_batch
                      where run_id = ${run.id}::bigint and kind = ${kind}
                        and (status = 'pending' or heartbeat_at < now() - make_interval(secs => ${opts.staleMs / 1000}))
                      order by id limit 1 for update skip locked)
          returning id::text, copy_ids::text[] as "copyIds", cursor`,
    );
  const pending = await claim('copies');
  if (pending) return { id: pending.id, kind: 'copies', copyIds: pending.copyIds ?? [], cursor: null, worker };
  // The walk is one long batch: started early, it runs beside the copy checks of the other workers.
  const dark = await claim('dark');
  if (dark) return { id: dark.id, kind: 'dark', copyIds: [], cursor: dark.cursor, worker };
  const sweep = await claim('sweep');
  if (sweep) return { id: sweep.id, kind: 'sweep', copyIds: [], cursor: sweep.cursor, worker };
  return allocate(pool, run, worker, opts);
}

/** Hands out the next copies from the run's cursor as a new batch claimed by `worker`. */
async function allocate(
  pool: pg.Pool,
  run: RunRow,
  worker: string,
  opts: { batchSize: number; batchBytes: number },
): Promise<Batch | undefined> {
  return withTransaction(pool, async (db) => {
    // Allocators take turns on a lock of their own, not on the run's row, which the workers
    // recording their batches update all the time.
    await db.query(sql`select pg_advisory_xact_lock(${ALLOCATION_LOCK}, (${run.id}::bigint % 2147483647)::int)`);
    const state = (await one<{
      cursor: string | null;
      allocated: number;
      planned: number | null;
      allocatedAll: boolean;
      status: string;
    }>(
      db,
      sql`select cursor, allocated, planned, allocated_all as "allocatedAll", status from audit_run where id = ${run.id}::bigint`,
    ))!;
    if (state.allocatedAll || state.status !== 'running') return undefined;
    const left = state.planned === null ? opts.batchSize : Math.min(opts.batchSize, state.planned - state.allocated);
    const next =
      left > 0
        ? await nextCopies(db, { ...run, cursor: state.cursor }, left)
        : { copies: [], cursor: null, detailed: false };
    // Big files: fewer per batch, so a batch is recorded every few GB (and a takeover redoes little).
    let copies = next.copies;
    let bytes = 0;
    const cut = copies.findIndex((c) => (bytes += c.size ?? 0) > opts.batchBytes);
    if (cut >= 0) copies = copies.slice(0, Math.max(1, cut));
    // Cut short: the cursor is the last copy kept (checksum batches are the only ones with sizes).
    const cursor = copies.length === next.copies.length ? next.cursor : checksumCursor(copies[copies.length - 1]);
    const allocated = state.allocated + copies.length;
    const done = copies.length === 0 || (state.planned !== null && allocated >= state.planned);
    await db.query(
      sql`update audit_run set cursor = ${cursor}, allocated = ${allocated}, allocated_all = ${done}, updated_at = now()
          where id = ${run.id}::bigint`,
    );
    if (copies.length === 0) return undefined;
    const ids = copies.map((c) => c.id);
    const batch = (await one<{ id: string }>(
      db,
      sql`insert into audit_batch (run_id, kind, status, copy_ids, worker, heartbeat_at)
          values (${run.id}::bigint, 'copies', 'claimed', ${ids}::bigint[], ${worker}, now()) returning id::text`,
    ))!;
    return {
      id: batch.id,
      kind: 'copies',
      copies: next.detailed ? copies : undefined,
      copyIds: ids,
      cursor: null,
      worker,
    };
  });
}

/** Which earlier findings a passing check settles: only what the mode looked at. */
const SETTLES: Record<AuditModeName, FindingKind[]> = {
  exists: ['missing', 'unreadable', 'outside_root'],
  size: ['missing', 'unreadable', 'outside_root', 'size_mismatch'],
  checksum: ['missing', 'unreadable', 'outside_root', 'size_mismatch', 'checksum_mismatch', 'unknown_algorithm'],
};

/**
 * Records the checks of a copies batch in one transaction: findings (one open finding per problem:
 * a problem seen again is touched, not duplicated), `verified_at` for copies whose checksum passed,
 * earlier findings settled by a pass, the run's counters, and the batch deleted — or, when the
 * worker stopped early, shrunk to the copies it did not check.
 */
export async function recordCopies(
  pool: pg.Pool,
  run: RunRow,
  batch: Batch,
  results: CopyResult[],
  unchecked: string[],
): Promise<boolean> {
  return withTransaction(pool, async (db) => {
    if (!(await stillOurs(db, batch))) return false;
    await writeCopyChecks(
      db,
      run,
      results.filter((r) => r.outcome !== 'ok'),
      results.filter((r) => r.outcome === 'ok').map((r) => r.copy.id),
    );
    if (unchecked.length) {
      await db.query(
        sql`update audit_batch set copy_ids = ${unchecked}::bigint[], status = 'pending', worker = null, updated_at = now()
            where id = ${batch.id}::bigint`,
      );
    } else {
      await db.query(sql`delete from audit_batch where id = ${batch.id}::bigint`);
    }
    // Last: the run's row is shared by every worker, so hold its lock as briefly as possible.
    await addCounts(db, run.id, tally(results));
    return true;
  });
}

/** Findings of checked copies, `verified_at` of those whose checksum passed, earlier findings a pass settles. */
async function writeCopyChecks(db: Queryable, run: RunRow, found: CopyResult[], passed: string[]): Promise<void> {
  if (found.length) {
    await db.query(
      sql`insert into audit_finding (run_id, last_run_id, data_location_id, kind, physical_copy_id, relative_path, expected, actual)
          select ${run.id}::bigint, ${run.id}::bigint, ${run.locationId}, k, c, p, e, a
          from unnest(${found.map((r) => r.outcome)}::text[], ${found.map((r) => r.copy.id)}::bigint[],
                      ${found.map((r) => r.copy.path)}::text[], ${found.map((r) => r.expected ?? null)}::text[],
                      ${found.map((r) => r.actual ?? null)}::text[]) as t(k, c, p, e, a)
          on conflict (physical_copy_id, kind) where resolved_at is null and kind <> 'dark'
          do update set last_run_id = excluded.last_run_id, last_seen_at = now(), actual = excluded.actual`,
    );
  }
  if (passed.length) {
    if (run.mode === 'checksum') {
      await db.query(sql`update physical_copy set verified_at = now() where id = any(${passed}::bigint[])`);
    }
    await db.query(
      sql`update audit_finding set resolved_at = now(), resolution = 'passed'
          where physical_copy_id = any(${passed}::bigint[]) and resolved_at is null
            and kind = any(${SETTLES[run.mode]}::text[])`,
    );
  }
}

/**
 * Whether `batch` is still claimed by the worker that checked it (locked until commit). A worker
 * cut off from the database for longer than the stale time has had its batch taken over: its
 * results are dropped, as the new owner records its own.
 */
async function stillOurs(db: Queryable, batch: Batch): Promise<boolean> {
  const mine = await rows(
    db,
    sql`select id from audit_batch where id = ${batch.id}::bigint and worker = ${batch.worker} and status = 'claimed'
        for update`,
  );
  return mine.length > 0;
}

/** Adds the checks (and what the walk found) to the run's counters. */
/** What some checks add to a run's counters. */
export interface Tally {
  checked: number;
  ok: number;
  bytes: number;
  /** The copies that did not pass. */
  problems: CopyResult[];
}

function tally(results: CopyResult[]): Tally {
  const problems = results.filter((r) => r.outcome !== 'ok');
  const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  return { checked: results.length, ok: results.length - problems.length, bytes, problems };
}

/** Adds the checks (and what the walk found) to the run's counters. */
async function addCounts(db: Queryable, runId: string, checks: Tally, walk?: WalkFound): Promise<void> {
  const c = countOutcomes(checks.problems);
  const dark = walk?.dark.length ?? 0;
  const unreadable = c('unreadable') + (walk?.unreadable.length ?? 0);
  const outside = c('outside_root') + (walk?.outside?.length ?? 0);
  await db.query(
    sql`update audit_run set checked = checked + ${checks.checked}, bytes = bytes + ${checks.bytes}, ok = ok + ${checks.ok},
           missing = missing + ${c('missing')}, size_mismatch = size_mismatch + ${c('size_mismatch')},
           checksum_mismatch = checksum_mismatch + ${c('checksum_mismatch')}, dark = dark + ${dark},
           unreadable = unreadable + ${unreadable}, unknown_algorithm = unknown_algorithm + ${c('unknown_algorithm')},
           outside_root = outside_root + ${outside}, heartbeat_at = now(), updated_at = now()
        where id = ${runId}::bigint`,
  );
}

function countOutcomes(results: CopyResult[]): (outcome: CopyOutcome) => number {
  const counts = new Map<CopyOutcome, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return (outcome) => counts.get(outcome) ?? 0;
}

export interface DarkFile {
  path: string;
  size: number;
}

/** A symbolic link under the root that leads out of it, and where to. */
export interface OutsideLink {
  path: string;
  target: string;
}

/**
 * Records a stretch of the dark walk in one transaction: the dark files found, unreadable
 * directories and names, links out of the root, and the walk's cursor. When the walk is `complete`, the batch is deleted and dark
 * findings of the location this run did not see again are resolved (adopted or removed since).
 */
export async function recordDark(
  pool: pg.Pool,
  run: RunRow,
  batch: Batch,
  found: WalkFound,
  cursor: string | null,
  complete: boolean,
): Promise<boolean> {
  return withTransaction(pool, async (db) => {
    if (!(await stillOurs(db, batch))) return false;
    await writeWalkFindings(db, run, found);
    await db.query(
      sql`update audit_run set dark = dark + ${found.dark.length}, unreadable = unreadable + ${found.unreadable.length},
             outside_root = outside_root + ${found.outside?.length ?? 0}, heartbeat_at = now(), updated_at = now()
          where id = ${run.id}::bigint`,
    );
    await advanceWalk(db, run, batch, cursor, complete, true);
    return true;
  });
}

/** What a stretch of the tree walk found. */
export interface WalkFound {
  dark: DarkFile[];
  /** Files no copy accounts for, but modified too lately to be reported. */
  young: string[];
  unreadable: { path: string; code: string }[];
  outside?: OutsideLink[];
}

async function writeWalkFindings(db: Queryable, run: RunRow, found: WalkFound): Promise<void> {
  const { dark, young, unreadable, outside = [] } = found;
  if (dark.length) {
    await db.query(
      sql`insert into audit_finding (run_id, last_run_id, data_location_id, kind, relative_path, actual)
          select ${run.id}::bigint, ${run.id}::bigint, ${run.locationId}, 'dark', p, a
          from unnest(${dark.map((d) => d.path)}::text[], ${dark.map((d) => String(d.size))}::text[]) as t(p, a)
          on conflict (data_location_id, relative_path) where resolved_at is null and kind = 'dark'
          do update set last_run_id = excluded.last_run_id, last_seen_at = now(), actual = excluded.actual`,
    );
  }
  if (young.length) {
    // Modified lately: not reported now, but an open finding for it stays open.
    await db.query(
      sql`update audit_finding set last_run_id = ${run.id}::bigint, last_seen_at = now()
          where data_location_id = ${run.locationId} and kind = 'dark' and resolved_at is null
            and relative_path = any(${young}::text[])`,
    );
  }
  const walkFindings = [
    ...unreadable.map((u) => ({ kind: 'unreadable', path: u.path, actual: u.code })),
    ...outside.map((o) => ({ kind: 'outside_root', path: o.path, actual: o.target })),
  ];
  for (const f of walkFindings) {
    const seen = await db.query(
      sql`update audit_finding set last_run_id = ${run.id}::bigint, last_seen_at = now(), actual = ${f.actual}
          where data_location_id = ${run.locationId} and kind = ${f.kind} and physical_copy_id is null
            and relative_path = ${f.path} and resolved_at is null`,
    );
    if (!seen.rowCount) {
      await db.query(
        sql`insert into audit_finding (run_id, last_run_id, data_location_id, kind, relative_path, actual)
            values (${run.id}::bigint, ${run.id}::bigint, ${run.locationId}, ${f.kind}, ${f.path}, ${f.actual})`,
      );
    }
  }
}

/**
 * Moves a walking batch's cursor on, or, once `complete`, deletes it and (when it walked the tree:
 * `walked`) resolves the walk's findings of the location this run did not see again.
 */
async function advanceWalk(
  db: Queryable,
  run: RunRow,
  batch: Batch,
  cursor: string | null,
  complete: boolean,
  walked: boolean,
): Promise<void> {
  if (!complete) {
    await db.query(
      sql`update audit_batch set cursor = ${cursor}, heartbeat_at = now(), updated_at = now() where id = ${batch.id}::bigint`,
    );
    return;
  }
  await db.query(sql`delete from audit_batch where id = ${batch.id}::bigint`);
  if (!walked) return;
  // What the walk did not see again is gone or adopted — except under directories it could not read.
  await db.query(
    sql`update audit_finding f set resolved_at = now(), resolution = 'no longer seen'
        where f.data_location_id = ${run.locationId} and f.resolved_at is null and f.physical_copy_id is null
          and f.kind in ('dark', 'unreadable', 'outside_root') and f.last_run_id is distinct from ${run.id}::bigint
          and not exists (select 1 from audit_finding u
                          where u.last_run_id = ${run.id}::bigint and u.kind = 'unreadable'
                            and u.physical_copy_id is null and u.resolved_at is null
                            and starts_with(f.relative_path, u.relative_path || '/'))`,
  );
}

/**
 * Records a stretch of a sweep (the copies by id, or in path order with the dark walk alongside)
 * in one transaction: the copies' checks as `recordCopies` does, what the walk found as
 * `recordDark` does, the run's counters, and the key reached (the batch's cursor); `complete`:
 * the batch is deleted, and the walk's findings not seen again are resolved.
 */
export async function recordSweep(
  pool: pg.Pool,
  run: RunRow,
  batch: Batch,
  checks: SweptChecks,
  found: WalkFound | undefined,
  cursor: string | null,
  complete: boolean,
): Promise<boolean> {
  const perPath = found && (found.unreadable.length > 0 || (found.outside?.length ?? 0) > 0);
  if (!complete && !perPath) return recordStretch(pool, run, batch, checks, found, cursor);
  return withTransaction(pool, async (db) => {
    if (!(await stillOurs(db, batch))) return false;
    await writeCopyChecks(db, run, checks.problems, checks.passed);
    if (found) await writeWalkFindings(db, run, found);
    await advanceWalk(db, run, batch, cursor, complete, found !== undefined);
    await addCounts(db, run.id, checks, found);
    return true;
  });
}

/** What a stretch of a sweep checked; `passed`: the copies that passed and may have open findings to settle. */
export interface SweptChecks extends Tally {
  passed: string[];
}

/** Open findings of copies held in memory at most, for `settleableCopies`. */
const SETTLEABLE_MAX = 100_000;

/**
 * The copies at the run's location with open findings that a pass of this run's mode settles, or
 * undefined when there are more than `SETTLEABLE_MAX`: a sweep then settles by these ids alone
 * instead of sending every passing copy's id (the location is locked, so no other audit opens
 * findings meanwhile; those this run opens are of copies it has checked).
 */
export async function settleableCopies(db: Queryable, run: RunRow): Promise<Set<string> | undefined> {
  const open = await rows<{ id: string }>(
    db,
    sql`select distinct physical_copy_id::text as id from audit_finding
        where data_location_id = ${run.locationId} and resolved_at is null and physical_copy_id is not null
          and kind = any(${SETTLES[run.mode]}::text[])
        limit ${SETTLEABLE_MAX + 1}`,
  );
  return open.length > SETTLEABLE_MAX ? undefined : new Set(open.map((r) => r.id));
}

/**
 * `recordSweep` of a stretch in the middle of the sweep, when the walk met nothing recorded path by
 * path: the same writes in one statement (one round trip instead of seven; on a busy host each
 * costs a wait for the server's turn on a core). Each write happens only while the batch is ours.
 */
async function recordStretch(
  pool: pg.Pool,
  run: RunRow,
  batch: Batch,
  checks: SweptChecks,
  walk: WalkFound | undefined,
  cursor: string | null,
): Promise<boolean> {
  const { passed, problems: found } = checks;
  const count = countOutcomes(found);
  const dark = walk?.dark ?? [];
  const young = walk?.young ?? [];
  const ours = sql`exists (select 1 from ours)`;
  const [row] = await rows<{ ours: boolean }>(
    pool,
    sql`with ours as (
          select id from audit_batch where id = ${batch.id}::bigint and worker = ${batch.worker} and status = 'claimed'
          for update),
        found as (
          insert into audit_finding (run_id, last_run_id, data_location_id, kind, physical_copy_id, relative_path, expected, actual)
          select ${run.id}::bigint, ${run.id}::bigint, ${run.locationId}, k, c, p, e, a
          from unnest(${found.map((r) => r.outcome)}::text[], ${found.map((r) => r.copy.id)}::bigint[],
                      ${found.map((r) => r.copy.path)}::text[], ${found.map((r) => r.expected ?? null)}::text[],
                      ${found.map((r) => r.actual ?? null)}::text[]) as t(k, c, p, e, a)
          where ${ours}
          on conflict (physical_copy_id, kind) where resolved_at is null and kind <> 'dark'
          do update set last_run_id = excluded.last_run_id, last_seen_at = now(), actual = excluded.actual),
        settled as (
          update audit_finding set resolved_at = now(), resolution = 'passed'
          where physical_copy_id = any(${passed}::bigint[]) and resolved_at is null
            and kind = any(${SETTLES[run.mode]}::text[]) and ${ours}),
        dark as (
          insert into audit_finding (run_id, last_run_id, data_location_id, kind, relative_path, actual)
          select ${run.id}::bigint, ${run.id}::bigint, ${run.locationId}, 'dark', p, a
          from unnest(${dark.map((d) => d.path)}::text[], ${dark.map((d) => String(d.size))}::text[]) as t(p, a)
          where ${ours}
          on conflict (data_location_id, relative_path) where resolved_at is null and kind = 'dark'
          do update set last_run_id = excluded.last_run_id, last_seen_at = now(), actual = excluded.actual),
        young as (
          update audit_finding set last_run_id = ${run.id}::bigint, last_seen_at = now()
          where data_location_id = ${run.locationId} and kind = 'dark' and resolved_at is null
            and relative_path = any(${young}::text[]) and ${ours}),
        moved as (
          update audit_batch set cursor = ${cursor}, heartbeat_at = now(), updated_at = now()
          where id = ${batch.id}::bigint and ${ours}),
        counted as (
          update audit_run set checked = checked + ${checks.checked}, bytes = bytes + ${checks.bytes}, ok = ok + ${checks.ok},
                 missing = missing + ${count('missing')}, size_mismatch = size_mismatch + ${count('size_mismatch')},
                 dark = dark + ${dark.length}, unreadable = unreadable + ${count('unreadable')},
                 outside_root = outside_root + ${count('outside_root')}, heartbeat_at = now(), updated_at = now()
          where id = ${run.id}::bigint and ${ours})
        select ${ours} as ours`,
  );
  return row.ours;
}

/** Gives `worker`'s claimed batches back (a clean stop): the next run or another worker takes them. */
export async function releaseBatches(db: Queryable, runId: string, worker: string): Promise<void> {
  await db.query(
    sql`update audit_batch set status = 'pending', worker = null, updated_at = now()
        where run_id = ${runId}::bigint and status = 'claimed' and worker like ${`${worker}%`}`,
  );
}

/** Keeps the run's and `worker`'s batches' heartbeats fresh, so no one takes them over. */
export async function heartbeat(db: Queryable, runId: string, worker: string): Promise<void> {
  await db.query(sql`update audit_run set heartbeat_at = now() where id = ${runId}::bigint and status = 'running'`);
  await db.query(
    sql`update audit_batch set heartbeat_at = now()
        where run_id = ${runId}::bigint and status = 'claimed' and worker like ${`${worker}%`}`,
  );
}

/**
 * Closes the run when nothing is left: every copy handed out and every batch recorded. With
 * `stopReason` (a budget), it stays open for the next run to resume and says why it paused.
 */
export async function finishRun(pool: pg.Pool, runId: string, stopReason?: string): Promise<RunRow> {
  return withTransaction(pool, async (db) => {
    const run = (await one<RunRow>(
      db,
      sql`select ${RUN_COLUMNS} from audit_run where id = ${runId}::bigint for update`,
    ))!;
    if (run.status !== 'running') return run;
    const [left] = await rows<{ n: number }>(
      db,
      sql`select count(*) as n from audit_batch where run_id = ${runId}::bigint`,
    );
    if (run.allocatedAll && left.n === 0) {
      return (await one<RunRow>(
        db,
        sql`update audit_run set status = 'completed', finished_at = now(), updated_at = now(), heartbeat_at = now()
            where id = ${runId}::bigint returning ${RUN_COLUMNS}`,
      ))!;
    }
    if (stopReason) {
      return (await one<RunRow>(
        db,
        sql`update audit_run set stop_reason = ${stopReason}, updated_at = now() where id = ${runId}::bigint
            returning ${RUN_COLUMNS}`,
      ))!;
    }
    return run;
  });
}
