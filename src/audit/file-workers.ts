import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { COMPILED, PACKAGE_ROOT } from '../package-root.js';
import type { CheckResult, CheckTask, HashResult, HashTask, StatResult, StatTask } from './file-worker.js';

/**
 * A pool of worker threads that hash and stat files, `threads` at a time: hashing is CPU work, and
 * one thread per core keeps both the disk and the cores busy while the main thread talks to the
 * database; stats go in chunks, so a million of them cost a few thousand messages.
 */
/** Reading threads at most (each holds ~11 MB of buffers: 32 of them ~350 MB). */
export const MAX_CONCURRENCY = 32;

export class FileWorkers {
  private readonly pool: Piscina;

  constructor(threads = availableParallelism()) {
    // Under tsx (tests, dev) the worker is the TypeScript source; built, it is the compiled file
    // (also for the CLI's bundle, whose chunks are elsewhere).
    const worker = COMPILED ? ['dist', 'src', 'audit', 'file-worker.js'] : ['src', 'audit', 'file-worker.ts'];
    this.pool = new Piscina({
      filename: pathToFileURL(join(PACKAGE_ROOT, ...worker)).href,
      minThreads: 1,
      maxThreads: Math.max(1, threads),
      idleTimeout: 5_000,
    });
  }

  hash(task: HashTask): Promise<HashResult> {
    return this.pool.run(task, { name: 'hashFile' });
  }

  stat(task: StatTask): Promise<StatResult> {
    return this.pool.run(task, { name: 'statFiles' });
  }

  check(task: CheckTask): Promise<CheckResult> {
    return this.pool.run(task, { name: 'checkFiles' });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
