import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { COMPILED, PACKAGE_ROOT } from '../package-root.js';
import type { MergedStretch, MergeInput, MergeOutput, MergeStart } from './dark-merge-worker.js';

export type { MergedStretch };

/**
 * The dark walk and its merge against the copies on a thread of its own (`dark-merge-worker.ts`),
 * started at once, so the walk goes on while the server sorts the copies. The caller answers each
 * request for more copies with the next rows (`give`) and takes the merge's stretches in order
 * (`next`); `close` ends the thread, done or not. A merge that fails (copies out of order) fails
 * `next` with its reason.
 */
export class DarkMerge {
  private readonly worker: Worker;
  private readonly queue: MergeOutput[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(start: MergeStart) {
    // Under tsx (tests, dev) the worker is the TypeScript source; built, it is the compiled file.
    const file = COMPILED ? ['dist', 'src', 'audit', 'dark-merge-worker.js'] : ['src', 'audit', 'dark-merge-worker.ts'];
    this.worker = new Worker(pathToFileURL(join(PACKAGE_ROOT, ...file)), { workerData: start });
    this.worker.on('message', (out: MergeOutput) => {
      this.queue.push(out);
      this.wake?.();
    });
    this.worker.on('error', (err) => {
      this.failure ??= err;
      this.wake?.();
    });
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`the dark walk's thread ended before its merge did (exit code ${code})`);
      this.wake?.();
    });
  }

  /** The merge's next stretch, or `more`: it waits for the next rows of copies. */
  async next(): Promise<MergedStretch | 'more'> {
    while (this.queue.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const out = this.queue.shift()!;
    if (out.kind === 'failed') throw new Error(out.message);
    return out.kind === 'more' ? 'more' : out;
  }

  /** The next rows of copies in path order (COPY text), or null: there are no more. */
  give(rows: MergeInput): void {
    this.worker.postMessage(rows);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners();
    this.worker.on('error', () => undefined); // being ended: what it meets meanwhile no longer matters
    await this.worker.terminate();
  }
}
