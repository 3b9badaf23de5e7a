import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { resolveUnder, type LocationRoot } from '../files/inside-root.js';
import { sweptCopies, sweptId, sweptRows, unaccountedPaths, type SweptCopies } from './copy-source.js';
import type { FileWorkers } from './file-workers.js';
import { MARKER_FILE } from './location-marker.js';
import { compareNames } from './path-order.js';
import type { WalkNote } from './path-walk.js';
import {
  recordSweep,
  settleableCopies,
  type SweptChecks,
  type Tally,
  type Batch,
  type DarkFile,
  type OutsideLink,
  type RunRow,
  type WalkFound,
} from './run-ledger.js';
import { DarkMerge } from './dark-merge.js';

export interface SweepRequest {
  pool: pg.Pool;
  run: RunRow;
  batch: Batch;
  root: LocationRoot;
  mode: 'exists' | 'size';
  files: FileWorkers;
  /** Copies and walked files per stretch recorded in one transaction. */
  stretch: number;
  /** Stops the sweep at the end of the stretch in hand, recorded with the key reached. */
  stop: AbortSignal;
  /** Called for the copies checked, a chunk at a time, before their stretch is recorded. */
  onChecked: (checks: Tally) => void;
  assertLocked?: () => Promise<void>;
}

/** The sweep was taken over by another worker while this one was cut off from the database. */
export class LostSweep extends Error {}

/** Copies per message to a worker thread at most. */
const STAT_CHUNK = 2000;
/** Stretches being checked while the ones before them are recorded. */
const AHEAD = 4;

/** A run of the sweep: the checks of its copies, the files no copy accounts for, and the key reached. */
interface Stretch {
  checks: Promise<SweptChecks>[];
  unaccounted: string[];
  links: string[];
  unreadable: { path: string; code: string }[];
  last: string | null;
}

/**
 * Checks every live copy of an existence or size run in one pass: the location's copies come from
 * one query (`sweptCopies`: by id, or with --dark in path order), and with --dark the tree walk
 * (`walkRuns`, the same order) is merged against them on a thread of its own (`DarkMerge`), so the
 * files no copy accounts for are found without a lookup per file (each one found is looked up once
 * more before it is reported dark) and without work per walked file on the main thread. Each copy is statted on the worker threads as in any audit
 * (`judgeStat`: links, paths out of the root and non-files are judged the same). Every `stretch`
 * copies and files, what was found is recorded with the key reached (an id, or a path), from which
 * a resumed sweep goes on: both sides skip what sorts at or before it.
 */
export async function sweepCopies(req: SweepRequest): Promise<void> {
  // Started first: the walk goes on in its own thread while the server joins and sorts the copies.
  const merge = req.run.params.dark
    ? new DarkMerge({
        root: req.root.path,
        after: req.batch.cursor ?? undefined,
        stretch: req.stretch,
        marker: MARKER_FILE,
      })
    : undefined;
  try {
    await sweep(req, merge);
  } finally {
    await merge?.close();
  }
}

async function sweep(req: SweepRequest, merge: DarkMerge | undefined): Promise<void> {
  const { run, batch } = req;
  const dark = merge !== undefined;
  const youngest = Date.now() - run.params.darkMinAgeMs;
  const settleable = await settleableCopies(req.pool, run);
  // A pool of one connection (the embedded database) cannot stream the copies while recording them.
  const client = req.pool.options.max === 1 ? undefined : await req.pool.connect();
  let failed = false;
  let drained = false;
  // Without a walk to merge against, the copies come by id, and the cursor is an id.
  const copies = sweptCopies(client ? { client } : { pool: req.pool }, run.locationId, {
    order: dark ? 'path' : 'id',
    after: batch.cursor,
    held: dark,
  });
  try {
    // The chunk of copies in hand, its rows (`cn`), the next row (`ci`) and the first not yet sent to a thread (`sent`).
    let cs: SweptCopies = sweptRows('', false);
    let cn = 0;
    let ci = 0;
    let sent = 0;
    let copiesDone = false;
    /** What the walk met (links, unreadable entries) and no stretch has taken yet. */
    const pending: WalkNote[] = [];
    const inFlight: Promise<void>[] = [];
    let recording: Promise<void> = Promise.resolve();
    let stretch = newStretch();
    // The rows taken since the last message go to a thread as they are (COPY text), judged there.
    const send = () => {
      if (ci === sent) return;
      const checks = checkRows(req, cs.text.slice(cs.starts[sent], cs.starts[ci]), !dark, settleable);
      checks.then(req.onChecked, () => undefined);
      stretch.checks.push(checks);
      sent = ci;
    };
    const take = (next: SweptCopies) => {
      [cs, cn, ci, sent] = [next, next.starts.length - 1, 0, 0];
    };

    const flush = (complete: boolean) => {
      const s = stretch;
      // What the walk met up to the path reached belongs to this stretch; the rest to the next.
      let n = 0;
      while (n < pending.length && (complete || s.last === null || compareNames(pending[n].key, s.last) <= 0)) n++;
      for (const p of pending.splice(0, n)) {
        if (p.link) s.links.push(p.path);
        else s.unreadable.push({ path: p.path, code: p.code! });
      }
      send();
      const checked = Promise.all(s.checks).then(mergeChecks);
      const found = dark ? walkFound(req, s, youngest) : Promise.resolve(undefined);
      // Awaited in turn below; a failure meanwhile is not an unhandled one.
      checked.catch(() => undefined);
      found.catch(() => undefined);
      recording = recording.then(async () => {
        // The lock is checked while the stats come in, before anything is recorded.
        const [checks, walked] = await Promise.all([checked, found, req.assertLocked?.()]);
        if (!(await recordSweep(req.pool, run, batch, checks, walked, s.last, complete))) throw new LostSweep();
        batch.cursor = s.last;
      });
      recording.catch(() => (failed = true));
      inFlight.push(recording);
      stretch = newStretch(s.last);
    };

    /**
     * At a stretch's end: recorded (true), or the sweep stops (false; the stretch is recorded after,
     * unless recording failed).
     */
    const endStretch = async (): Promise<boolean> => {
      if (failed) return false;
      if (req.stop.aborted) {
        // The rest of the copies are read and dropped, so their query ends before the last record
        // (a server of one session at a time would hold the record back until it did).
        if (client && !copiesDone) for await (const _ of copies);
        drained = client !== undefined;
        return false;
      }
      flush(false);
      while (inFlight.length > AHEAD) await inFlight.shift();
      return true;
    };

    let complete = false;
    let size = 0;
    if (merge) {
      // The merge runs on its thread: here the copies are read for it, and its stretches are sent
      // to the stat threads (their rows) and recorded. Copies given to the merge wait here for their stretch.
      const given: SweptCopies[] = [];
      for (;;) {
        const merged = await merge.next();
        if (merged === 'more') {
          const next = copiesDone ? undefined : await copies.next();
          if (!next || next.done) {
            copiesDone = drained = true;
            merge.give(null);
          } else {
            given.push(next.value);
            merge.give(next.value.text);
          }
          continue;
        }
        for (let n = merged.copies; n > 0;) {
          while (ci === cn) {
            send();
            take(given.shift()!);
          }
          const rows = Math.min(n, cn - ci, STAT_CHUNK - (ci - sent));
          ci += rows;
          n -= rows;
          if (ci - sent >= STAT_CHUNK) send();
        }
        stretch.last = merged.last;
        stretch.unaccounted.push(...merged.unaccounted);
        pending.push(...merged.notes);
        if (merged.complete || !(await endStretch())) {
          // The stretch in hand is recorded below (unless recording failed).
          complete = merged.complete || merged.done;
          size = 1;
          break;
        }
      }
    } else {
      let previous: string | null = null;
      for (;;) {
        while (!copiesDone && ci === cn) {
          send();
          const next = await copies.next();
          if (next.done) copiesDone = drained = true;
          else take(next.value);
        }
        if (size >= req.stretch) {
          if (!(await endStretch())) break;
          size = 0;
        }
        if (copiesDone) break;
        // The copies in hand, up to the stretch's end or a message's worth, at once (their thread
        // checks that their ids rise; here only that they rise from the last ones).
        const rows = Math.min(cn - ci, Math.max(1, req.stretch - size), STAT_CHUNK - (ci - sent));
        const first = sweptId(cs, ci);
        if (previous !== null && Number(previous) >= Number(first)) {
          throw new Error(`the database sorted the copies unlike the sweep ('${previous}' before '${first}')`);
        }
        ci += rows;
        size += rows;
        previous = stretch.last = sweptId(cs, ci - 1);
        if (ci - sent >= STAT_CHUNK) send();
      }
      complete = copiesDone;
    }
    if (!failed && (complete || size > 0)) flush(complete);
    await Promise.all(inFlight);
  } finally {
    // Failed before the last copy was read: the connection is in the middle of a COPY, closed rather than drained.
    client?.release(drained ? undefined : true);
    if (!client && !drained) await copies.return(undefined); // closes the cursor
  }
}

function newStretch(last: string | null = null): Stretch {
  return { checks: [], unaccounted: [], links: [], unreadable: [], last };
}

/**
 * Checks rows of copies on a worker thread (`checkFiles`): only the copies that did not pass come
 * back, and of those that passed only the ones with open findings a pass settles (`settleable`;
 * undefined: any may have).
 */
async function checkRows(
  req: SweepRequest,
  rows: string,
  byId: boolean,
  settleable: Set<string> | undefined,
): Promise<SweptChecks> {
  const passed = settleable === undefined || settleable.size > 0;
  const result = await req.files.check({ root: req.root, mode: req.mode, rows, byId, passed });
  return {
    checked: result.checked,
    ok: result.ok,
    bytes: result.bytes,
    problems: result.problems,
    passed: settleable === undefined ? result.passed : result.passed.filter((id) => settleable.has(id)),
  };
}

function mergeChecks(all: SweptChecks[]): SweptChecks {
  const out: SweptChecks = { checked: 0, ok: 0, bytes: 0, problems: [], passed: [] };
  for (const c of all) {
    out.checked += c.checked;
    out.ok += c.ok;
    out.bytes += c.bytes;
    out.problems.push(...c.problems);
    out.passed.push(...c.passed);
  }
  return out;
}

/**
 * The dark files of a stretch: the walked files the merge found no copy for, checked once more
 * against the database (a few, by path) before any is reported, and old enough; links that lead
 * out of the root.
 */
async function walkFound(req: SweepRequest, s: Stretch, youngest: number): Promise<WalkFound> {
  const candidates = s.unaccounted.length ? await unaccountedPaths(req.pool, req.run.locationId, s.unaccounted) : [];
  const dark: DarkFile[] = [];
  const young: string[] = [];
  for (const path of candidates) {
    const st = await stat(join(req.root.path, path)).catch(() => undefined);
    if (st && st.mtimeMs <= youngest) dark.push({ path, size: st.size });
    else if (st) young.push(path);
  }
  const outside: OutsideLink[] = [];
  for (const path of s.links) {
    const where = await resolveUnder(req.root, path);
    if ('outside' in where) outside.push({ path, target: where.outside });
  }
  return { dark, young, unreadable: s.unreadable, outside };
}
