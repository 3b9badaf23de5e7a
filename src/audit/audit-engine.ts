import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import pLimit from 'p-limit';
import { openRoot, resolveUnder } from '../files/inside-root.js';
import { judgeStat, verifyChecksum, type AuditModeName, type CopyResult, type CopyToCheck } from './copy-check.js';
import { copiesById, unaccountedPaths } from './copy-source.js';
import { FileWorkers } from './file-workers.js';
import { MARKER_FILE } from './location-marker.js';
import {
  claimBatch,
  finishRun,
  heartbeat,
  recordCopies,
  recordDark,
  releaseBatches,
  startRun,
  type Batch,
  type DarkFile,
  type OutsideLink,
  type RunParams,
  type RunRow,
  type StartedRun,
} from './run-ledger.js';
import { LostSweep, sweepCopies } from './copy-sweep.js';
import { walkTree } from './tree-walk.js';

export interface AuditRequest {
  locationId: number;
  root: string;
  mode: AuditModeName;
  params: RunParams;
  /** Stop cleanly after this long (the run stays open and the next audit resumes it). */
  budgetMs?: number;
  /** Worker threads reading files: hashing one file each, or statting chunks of files. */
  concurrency: number;
  /** Batches worked on at once by this process. */
  workers: number;
  /** Another worker's batch is taken over when its heartbeat is older than this. */
  staleMs: number;
  /** The caller holds the location's lock alone (no other worker can be alive). */
  exclusive: boolean;
  host: string;
  pid: number;
  /** Copies per batch (checksum runs; default 2000) or per recorded stretch of a sweep (default `SWEEP_STRETCH`). */
  batchSize?: number;
  batchBytes?: number;
  /** Called (and awaited) once the run is started or resumed, before any check. */
  onStart?: (run: RunRow, resumed: boolean) => void | Promise<void>;
  /** Called for every file checked, or for `files` of them at once (progress). */
  onCheck?: (bytes: number, files?: number) => void;
  /** Set from outside (SIGINT/SIGTERM): stop as cleanly as at the budget. */
  stop?: AbortSignal;
  /**
   * Asked before each batch is recorded: throws (e.g. `Busy`) when the caller no longer holds the
   * location's lock, which stops the audit with the run left open for the next one.
   */
  assertLocked?: () => Promise<void>;
}

export interface AuditOutcome extends StartedRun {
  run: RunRow;
  /** What this process did, as opposed to the run's totals. */
  here: { checked: number; missing: number; bytes: number; seconds: number };
  /** Why this process stopped before the run was done: `budget`, `interrupted`; else null. */
  stopped: 'budget' | 'interrupted' | null;
}

const DARK_CHUNK = 1000;
/**
 * Copies (and walked files) a sweep records per transaction unless --batch-size says otherwise: a
 * commit per 2000 stats of small files cost more than the stats.
 */
export const SWEEP_STRETCH = 20_000;

/** The dark walk's batch was taken over by another worker while this one was cut off. */
class LostBatch extends Error {}
const STAT_CHUNK = 250;

/**
 * Runs (or resumes, or joins) the audit of one location: an existence or size run sweeps all the
 * copies in one pass (by id, or in path order with the dark walk merged in: `copy-sweep.ts`); a checksum run claims
 * batches of copies, checks them with bounded concurrency, records each batch in one transaction,
 * and walks the tree for dark files beside them when asked. Never deletes, moves or changes a file, nor changes a copy's status.
 */
export async function runAudit(pool: pg.Pool, req: AuditRequest): Promise<AuditOutcome> {
  const began = Date.now();
  const root = await openRoot(req.root);
  const started = await startRun(
    pool,
    {
      locationId: req.locationId,
      mode: req.mode,
      params: req.params,
      host: req.host,
      pid: req.pid,
      sweep: req.mode !== 'checksum',
    },
    req.exclusive,
    req.staleMs,
  );
  const run = started.run;
  await req.onStart?.(run, started.resumed);
  const me = `${req.host}:${req.pid}/`;
  const stopping = new AbortController();
  let stopped: AuditOutcome['stopped'] = null;
  const stop = (why: 'budget' | 'interrupted') => {
    stopped ??= why;
    stopping.abort();
  };
  const budget = req.budgetMs === undefined ? undefined : setTimeout(() => stop('budget'), req.budgetMs);
  const onStop = () => stop('interrupted');
  req.stop?.addEventListener('abort', onStop);
  if (req.stop?.aborted) onStop();
  const beat = setInterval(
    () => void heartbeat(pool, run.id, me).catch(() => undefined),
    Math.max(1000, Math.min(10_000, req.staleMs / 3)),
  );
  const mode = req.mode;
  const files = new FileWorkers(req.concurrency);
  const limit = pLimit(req.concurrency);
  const here = { checked: 0, missing: 0, bytes: 0 };

  const checkBatch = async (batch: Batch) => {
    const copies = batch.copies ?? (await copiesById(pool, batch.copyIds));
    const results: CopyResult[] = [];
    const unchecked: string[] = [];
    const done = (result: CopyResult) => {
      results.push(result);
      here.checked += 1;
      if (result.outcome === 'missing') here.missing += 1;
      here.bytes += result.bytes;
      req.onCheck?.(result.bytes);
    };
    if (mode === 'checksum') {
      await Promise.all(
        copies.map((copy) =>
          limit(async () => {
            if (stopping.signal.aborted) return void unchecked.push(copy.id);
            done(await verifyChecksum(root, copy, files));
          }),
        ),
      );
    } else {
      const chunks: CopyToCheck[][] = [];
      for (let i = 0; i < copies.length; i += STAT_CHUNK) chunks.push(copies.slice(i, i + STAT_CHUNK));
      await Promise.all(
        chunks.map(async (chunk) => {
          if (stopping.signal.aborted) return void unchecked.push(...chunk.map((c) => c.id));
          const stats = await files.stat({ root, paths: chunk.map((c) => c.path) });
          chunk.forEach((copy, i) => done(judgeStat(copy, mode, stats[i])));
        }),
      );
    }
    await req.assertLocked?.();
    await recordCopies(pool, run, batch, results, unchecked);
  };

  const walkDark = async (batch: Batch) => {
    const youngest = Date.now() - req.params.darkMinAgeMs;
    const unreadable: { path: string; code: string }[] = [];
    const links: string[] = [];
    let chunk: string[] = [];
    const flush = async (complete: boolean) => {
      const candidates = chunk.length ? await unaccountedPaths(pool, req.locationId, chunk) : [];
      const dark: DarkFile[] = [];
      const young: string[] = [];
      for (const path of candidates) {
        const st = await stat(join(req.root, path)).catch(() => undefined);
        if (st && st.mtimeMs <= youngest) dark.push({ path, size: st.size });
        else if (st) young.push(path);
      }
      // A link is no file of its own (its target inside the root is walked where it is); one that
      // leads out of the root is reported, never followed.
      const outside: OutsideLink[] = [];
      for (const path of links.splice(0)) {
        const where = await resolveUnder(root, path);
        if ('outside' in where) outside.push({ path, target: where.outside });
      }
      const last = chunk[chunk.length - 1] ?? batch.cursor;
      await req.assertLocked?.();
      const ours = await recordDark(
        pool,
        run,
        batch,
        { dark, young, unreadable: unreadable.splice(0), outside },
        last,
        complete,
      );
      if (!ours) throw new LostBatch();
      batch.cursor = last;
      chunk = [];
    };
    try {
      for await (const path of walkTree(
        req.root,
        batch.cursor ?? undefined,
        (path, code) => unreadable.push({ path, code }),
        (path) => links.push(path),
      )) {
        if (path === MARKER_FILE) continue;
        chunk.push(path);
        if (chunk.length >= DARK_CHUNK) await flush(false);
        if (stopping.signal.aborted) break;
      }
      await flush(!stopping.signal.aborted);
    } catch (err) {
      if (!(err instanceof LostBatch)) throw err; // taken over while this worker was cut off: the new owner goes on
    }
  };

  const sweep = async (batch: Batch) => {
    if (mode === 'checksum') throw new Error(`audit run ${run.id}: a sweep in a checksum run`);
    try {
      await sweepCopies({
        pool,
        run,
        batch,
        root,
        mode,
        files,
        stretch: req.batchSize ?? SWEEP_STRETCH,
        stop: stopping.signal,
        onChecked: (checks) => {
          here.checked += checks.checked;
          here.missing += checks.problems.filter((p) => p.outcome === 'missing').length;
          here.bytes += checks.bytes;
          req.onCheck?.(checks.bytes, checks.checked);
        },
        assertLocked: req.assertLocked,
      });
    } catch (err) {
      if (!(err instanceof LostSweep)) throw err; // taken over while this worker was cut off: the new owner goes on
    }
  };

  const work = async (n: number) => {
    const worker = `${me}${n}`;
    const opts = { staleMs: req.staleMs, batchSize: req.batchSize ?? 2000, batchBytes: req.batchBytes ?? 4 * 2 ** 30 };
    try {
      while (!stopping.signal.aborted) {
        const batch = await claimBatch(pool, run, worker, opts);
        if (!batch) return;
        if (batch.kind === 'copies') await checkBatch(batch);
        else if (batch.kind === 'sweep') await sweep(batch);
        else await walkDark(batch);
      }
    } catch (err) {
      stopping.abort(); // the other workers stop at their next file, before anything is cleaned up
      throw err;
    }
  };

  try {
    const settled = await Promise.allSettled(Array.from({ length: Math.max(1, req.workers) }, (_, n) => work(n + 1)));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    clearTimeout(budget);
    clearInterval(beat);
    req.stop?.removeEventListener('abort', onStop);
    await files.close();
    await releaseBatches(pool, run.id, me).catch(() => undefined);
  }
  const finished = stopped ? await finishRun(pool, run.id, stopped) : await finishRun(pool, run.id);
  return {
    ...started,
    run: finished,
    here: { ...here, seconds: (Date.now() - began) / 1000 },
    stopped,
  };
}
