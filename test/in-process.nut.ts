import assert from 'node:assert/strict';
import { runCli } from './helpers/run-cli.js';
import { runCommand } from './helpers/run-command.js';
import { useTestDatabase } from './helpers/test-database.js';

/**
 * Most command tests run the command in the test process (`runCommand`); these run the real
 * `bin/run.js` beside it for each way a command ends, and expect the same exit code and output.
 */
describe('a command run in-process ends as the real process does', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  const nowhere = 'postgres://postgres@127.0.0.1:1/postgres';

  /** What is run, the exit code expected, and (`after`) a command the real process runs first. */
  const cases: { what: string; args: string[]; status: number; url?: string; after?: string[] }[] = [
    { what: 'a problem found (exit 3)', args: ['db', 'status'], status: 3 },
    { what: 'success (exit 0)', args: ['db', 'status'], status: 0, after: ['db', 'migrate'] },
    // Help rewrites the commands' ids for display: the site commands after it must still be found.
    { what: 'help (exit 0)', args: ['site', '--help'], status: 0 },
    { what: 'a success document under --json', args: ['site', 'list', '--json'], status: 0 },
    { what: 'a usage error (exit 2)', args: ['site', 'add', '--bogus'], status: 2 },
    { what: 'an unknown command, from the hook (exit 2)', args: ['site', 'lst'], status: 2 },
    { what: 'something not found (exit 4)', args: ['site', 'show', 'nosuch'], status: 4 },
    { what: 'an error document under --json', args: ['site', 'show', 'nosuch', '--json'], status: 4 },
    { what: 'an unreachable database (exit 69)', args: ['site', 'list'], status: 69, url: nowhere },
  ];

  for (const { what, args, status, url, after } of cases) {
    it(what, async () => {
      if (after) assert.equal(runCli(after, { url: db.url }).status, 0);
      const real = runCli(args, { url: url ?? db.url });
      const inProcess = await runCommand(args, { url: url ?? db.url });
      assert.equal(real.status, status, real.stderr);
      assert.deepEqual(
        { status: inProcess.status, stdout: inProcess.stdout, stderr: inProcess.stderr },
        { status: real.status, stdout: real.stdout, stderr: real.stderr },
      );
    });
  }
});
