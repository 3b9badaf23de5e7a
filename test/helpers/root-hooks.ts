import { stopOwnBackgroundServers } from './background-servers.js';
import { closeTestServer, dropTestDatabases } from './test-server.js';

export const mochaHooks = {
  // After each file (in parallel mode; after the run otherwise): nothing it started stays running.
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await closeTestServer();
    await stopOwnBackgroundServers();
  },
};

/**
 * Once per run, in mocha's own process: databases left by an interrupted run are dropped first, and
 * this run's are dropped at the end, also when it is interrupted (Ctrl-C, SIGTERM).
 */
export async function mochaGlobalSetup(): Promise<void> {
  await dropTestDatabases('orphaned');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void dropTestDatabases('own').finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  await dropTestDatabases('own');
  // The whole run, from mocha's start (this is its own process).
  const seconds = Math.round(performance.now() / 1000);
  process.stdout.write(`  test suite: ${Math.floor(seconds / 60)} min ${seconds % 60} s\n\n`);
}
