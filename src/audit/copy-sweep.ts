import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { resolveUnder, type LocationRoot } from '../files/inside-root.js';
import { sweptCopies, sweptId, unaccountedPaths, type SweptCopies } from './copy-source.js';
import type { FileWorkers } from './file-workers.js';
import { MARKER_FILE } from './location-marker.js';
import { compareNames } from './path-order.js';
import { walkInPathOrder, type WalkNote } from './path-walk.js';
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
 * (`walkInPathOrder`, the same order) is merged against them, so the files no copy accounts for are
 * found without a lookup per file (each one found is looked up once more before it is reported
 * dark). Each copy is statted on the worker threads as in any audit
 * (`judgeStat`: links, paths out of the root and non-files are judged the same). Every `stretch`
 * copies and files, what was found is recorded with the key reached (an id, or a path), from which
 * a resumed sweep goes on: both sides skip what sorts at or before it.
 */
export async function sweepCopies(req: SweepRequest): Promise<void> {
  const { run, batch } = req;
  const dark = run.params.dark;
  const youngest = Date.now() - run.params.darkMinAgeMs;
  const pending: WalkNote[] = [];
  const walk = dark
    ? walkInPathOrder(req.root.path, batch.cursor ?? undefined, (note) => pending.push(note))
    : undefined;
  // Without a walk to merge against, the copies come by id (`sweptCopies`), and the cursor is an id.
  const compareKeys = dark ? compareNames : (a: string, b: string) => Number(a) - Number(b);
  const settleable = await settleableCopies(req.pool, run);
  // A pool of one connection (the embedded database) cannot stream the copies while recording them.
  const client = req.pool.options.max === 1 ? undefined : await req.pool.connect();
  let failed = false;
  let drained = false;
  const copies = sweptCopies(client ? { client } : { pool: req.pool }, run.locationId, {
    order: dark ? 'path' : 'id',
    after: batch.cursor,
    held: dark,
  });
  try {
    // The chunk of copies in hand, its rows (`cn`), the next row (`ci`) and the first not yet sent to a thread (`sent`).
    let cs: SweptCopies = { text: '', starts: [0], paths: [] };
    let cn = 0;
    let ci = 0;
    let sent = 0;
    let copiesDone = false;
    let ws: string[] = [];
    let wi = 0;
    let walkDone = !walk;
    let previous: string | null = null;
    let accounted: string | null = null;
    const inFlight: Promise<void>[] = [];
    let recording: Promise<void> = Promise.resolve();
    let stretch = newStretch();
    let size = 0;
    // The rows taken since the last message go to a thread as they are (COPY text), judged there.
    const send = () => {
      if (ci === sent) return;
      const checks = checkRows(req, cs.text.slice(cs.starts[sent], cs.starts[ci]), !dark, settleable);
      checks.then(req.onChecked, () => undefined);
      stretch.checks.push(checks);
      sent = ci;
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
      size = 0;
    };

    for (;;) {
      while (!copiesDone && ci === cn) {
        send();
        const next = await copies.next();
        if (next.done) copiesDone = drained = true;
        else [cs, cn, ci, sent] = [next.value, next.value.starts.length - 1, 0, 0];
      }
      while (!walkDone && wi === ws.length) {
        const next = await walk!.next();
        if (next.done) walkDone = true;
        else [ws, wi] = [next.value, 0];
      }
      const copy = copiesDone ? undefined : ci;
      // A stretch ends between keys, never between two copies of one path (a resume skips the path).
      if (size >= req.stretch && (copy === undefined || !dark || cs.paths[copy] !== stretch.last)) {
        if (failed) break;
        if (req.stop.aborted) {
          // The rest of the copies are read and dropped, so their query ends before the last record
          // (a server of one session at a time would hold the record back until it did).
          if (client && !copiesDone) for await (const _ of copies);
          drained = client !== undefined;
          break;
        }
        flush(false);
        while (inFlight.length > AHEAD) await inFlight.shift();
      }
      if (copiesDone && walkDone) break;
      if (!walk) {
        // Nothing to merge: the copies in hand, up to the stretch's end or a message's worth, at once
        // (their thread checks that their ids rise; here only that they rise from the last ones).
        const take = Math.min(cn - ci, Math.max(1, req.stretch - size), STAT_CHUNK - (ci - sent));
        const first = sweptId(cs, ci);
        if (previous !== null && compareKeys(previous, first) >= 0) {
          throw new Error(`the database sorted the copies unlike the sweep ('${previous}' before '${first}')`);
        }
        ci += take;
        size += take;
        previous = stretch.last = sweptId(cs, ci - 1);
        if (ci - sent >= STAT_CHUNK) send();
        continue;
      }
      const file = walkDone ? undefined : ws[wi];
      const order = copy === undefined ? 1 : file === undefined ? -1 : compareNames(cs.paths[copy], file);
      if (order <= 0) {
        const key = cs.paths[ci];
        if (previous !== null && compareKeys(previous, key) > 0) {
          throw new Error(`the database sorted the copies unlike the sweep ('${previous}' before '${key}')`);
        }
        previous = key;
        if (order === 0) accounted = file!;
        stretch.last = key;
        ci++;
        if (ci - sent >= STAT_CHUNK) send();
      } else {
        if (file !== accounted && file !== MARKER_FILE) stretch.unaccounted.push(file!);
        stretch.last = file!;
        wi++;
      }
      size++;
    }
    const complete = copiesDone && walkDone;
    if (!failed && (complete || size > 0)) flush(complete);
    await Promise.all(inFlight);
  } finally {
    // Failed before the last copy was read: the connection is in the middle of a COPY, closed rather than drained.
    client?.release(drained ? undefined : true);
    if (!client && !drained) await copies.return(undefined); // closes the cursor
    await walk?.return(undefined);
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
