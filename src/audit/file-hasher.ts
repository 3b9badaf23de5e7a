import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { HashResult, HashTask } from './hash-file.js';

/**
 * A pool of worker threads that hash files, `threads` at a time: hashing is CPU work, and one
 * thread per core keeps both the disk and the cores busy while the main thread talks to the database.
 */
export class FileHasher {
  private readonly pool: Piscina<HashTask, HashResult>;

  constructor(threads = availableParallelism()) {
    // Under tsx (tests, dev) the worker is the TypeScript source; built, it is the compiled file.
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    this.pool = new Piscina({
      filename: new URL(`./hash-file${ext}`, import.meta.url).href,
      minThreads: 1,
      maxThreads: Math.max(1, threads),
      idleTimeout: 5_000,
    });
  }

  hash(task: HashTask): Promise<HashResult> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
