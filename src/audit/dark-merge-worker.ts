import { parentPort, workerData } from 'node:worker_threads';
import { unescapeCopy } from '../views/copy-text.js';
import { compareNames } from './path-order.js';
import { walkRuns, type FileRun, type WalkNote } from './path-walk.js';

/**
 * The dark walk of a sweep and its merge against the copies, on a thread of its own (`dark-merge.ts`
 * starts it): the tree is walked in path order (`walkRuns`) and merged against the copies' rows in
 * the same order, as the COPY text the server sent (forwarded by the main thread, which sends the
 * same rows to the stat threads). The main thread then does nothing per walked file: it gets the
 * merge's stretches — how many copies each holds, the key reached, the files no copy accounts for —
 * cut where the sweep cuts them (every `stretch` copies and files, never between two copies of one
 * path), and records them.
 */
export interface MergeStart {
  root: string;
  /** The resume point: both sides start after it. */
  after: string | undefined;
  stretch: number;
  /** A file that is never dark (the location's marker, at the root). */
  marker: string;
}

/** From the main thread: rows of copies in path order (COPY text), or `null` when there are no more. */
export type MergeInput = string | null;

/** A stretch of the merge; `done`: both sides were done where it was cut. */
export interface MergedStretch {
  kind: 'stretch';
  copies: number;
  last: string | null;
  unaccounted: string[];
  notes: WalkNote[];
  done: boolean;
  /** The last stretch: the merge is over. */
  complete: boolean;
}

/** To the main thread: a stretch, a request for the next rows of copies, or why the merge failed. */
export type MergeOutput = MergedStretch | { kind: 'more' } | { kind: 'failed'; message: string };

/** Walked names read ahead at the start (while the server sorts the copies) and as the merge goes on. */
const FIRST_AHEAD = 1 << 18;
const AHEAD = 1 << 15;
const TAB = 9;

const port = parentPort!;
const start = workerData as MergeStart;

/** Rows of copies received, in order; `null` at the end. */
const inbox: MergeInput[] = [];
let woken: (() => void) | undefined;
port.on('message', (input: MergeInput) => {
  inbox.push(input);
  woken?.();
});
/** Rows of copies asked for and not yet used up: two texts ahead. */
let asked = 0;
const ask = () => {
  while (asked < 2) {
    port.postMessage({ kind: 'more' } satisfies MergeOutput);
    asked++;
  }
};

/** The copies' text in hand, where its rows start, and whether it has escapes (then paths are unescaped to compare). */
let text = '';
let starts: number[] = [];
let escaped = false;
let ci = 0;
let copiesDone = false;

/** The next text of copies (false: no more). */
async function nextCopies(): Promise<boolean> {
  ask();
  while (inbox.length === 0) {
    await new Promise<void>((resolve) => (woken = resolve));
    woken = undefined;
  }
  const input = inbox.shift()!;
  asked--;
  if (input === null) return false;
  text = input;
  starts = [];
  for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) starts.push(at);
  escaped = text.includes('\\');
  ci = 0;
  return true;
}

/** Row `i`'s path, unescaped. */
function copyPath(i: number): string {
  const at = text.indexOf('\t', starts[i]) + 1;
  return unescapeCopy(text.slice(at, text.indexOf('\t', at)));
}

/** Whether row `i`'s path is `base` and `name`: compared in place (no string made) unless the text has escapes. */
function copyPathIs(i: number, base: string, name: string): boolean {
  if (escaped) return copyPath(i) === base + name;
  const at = text.indexOf('\t', starts[i]) + 1;
  return (
    text.startsWith(base, at) &&
    text.startsWith(name, at + base.length) &&
    text.charCodeAt(at + base.length + name.length) === TAB
  );
}

let notes: WalkNote[] = [];
const walk = walkRuns(start.root, start.after, (note) => notes.push(note));
const runs: FileRun[] = [];
let aheadNames = 0;
let walkEnded = false;
async function walkAhead(names: number): Promise<void> {
  while (!walkEnded && aheadNames < names) {
    const next = await walk.next();
    if (next.done) walkEnded = true;
    else {
      runs.push(next.value);
      aheadNames += next.value.names.length;
    }
  }
}

async function merge(): Promise<void> {
  ask();
  await walkAhead(FIRST_AHEAD);
  let run: FileRun = { base: '', names: [] };
  let wi = 0;
  let walkDone = false;
  /** The current walked file was accounted for by a copy. */
  let accounted = false;
  /** The key reached and the path of the last copy (for the sort check), as a base and a name (made into one string when needed). */
  let lastBase: string | null = null;
  let lastName = '';
  let previousBase: string | null = null;
  let previousName = '';
  let size = 0;
  let copies = 0;
  let unaccounted: string[] = [];
  const cut = (done: boolean, complete: boolean) => {
    const last = lastBase === null ? null : lastBase + lastName;
    const out: MergedStretch = { kind: 'stretch', copies, last, unaccounted, notes, done, complete };
    port.postMessage(out);
    [copies, unaccounted, notes, size] = [0, [], [], 0];
    [lastBase, lastName] = [last, ''];
  };
  for (;;) {
    while (!copiesDone && ci === starts.length) copiesDone = !(await nextCopies());
    while (!walkDone && wi === run.names.length) {
      if (runs.length === 0) await walkAhead(AHEAD);
      if (runs.length === 0) walkDone = true;
      else {
        run = runs.shift()!;
        aheadNames -= run.names.length;
        wi = 0;
        accounted = false;
      }
    }
    // A stretch ends between keys, never between two copies of one path (a resume skips the path).
    if (size >= start.stretch && (copiesDone || lastBase === null || !copyPathIs(ci, lastBase, lastName))) {
      cut(copiesDone && walkDone, false);
    }
    if (copiesDone && walkDone) break;
    const name = walkDone ? '' : run.names[wi];
    // Mostly each copy's path is the walked file's (compared in place, no order to work out), and
    // the next copy's path differs from a file a copy accounted for: it sorts after (else the
    // check below, on the copy's turn, finds the copies unsorted).
    const order = copiesDone
      ? 1
      : walkDone
        ? -1
        : copyPathIs(ci, run.base, name)
          ? 0
          : accounted
            ? 1
            : compareNames(copyPath(ci), run.base + name);
    if (order < 0) {
      const key = copyPath(ci);
      // A copy equal to the walked file sorts at or after every copy before it (each sorted at or
      // before the walked file of its turn, and the walk only moves on): only the others are checked.
      const previous = previousBase === null ? null : previousBase + previousName;
      if (previous !== null && compareNames(previous, key) > 0) {
        throw new Error(`the database sorted the copies unlike the sweep ('${previous}' before '${key}')`);
      }
      previousBase = lastBase = key;
      previousName = lastName = '';
      ci++;
      copies++;
    } else if (order === 0) {
      previousBase = lastBase = run.base;
      previousName = lastName = name;
      accounted = true;
      ci++;
      copies++;
    } else {
      if (!accounted && !(run.base === '' && name === start.marker)) unaccounted.push(run.base + name);
      lastBase = run.base;
      lastName = name;
      wi++;
      accounted = false;
    }
    size++;
  }
  cut(true, true);
}

merge().then(
  () => port.close(),
  (err: Error) => {
    port.postMessage({ kind: 'failed', message: err.message } satisfies MergeOutput);
    port.close();
  },
);
