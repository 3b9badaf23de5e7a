import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { seedDatabase } from '../src/seed/seed-database.js';
import { auditPlace, placeFiles, someFiles } from './helpers/audit-fixture.js';
import { BIN, isolatedEnv, runCli, startCli } from './helpers/run-cli.js';
import { runCommand } from './helpers/run-command.js';
import { useTestDatabase } from './helpers/test-database.js';

/** A node older than 22 on the PATH (outside node_modules), which hands over to the pinned one. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    const r = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (r.status === 0 && Number(r.stdout.split('.')[0]) < 22) return candidate;
  }
  return undefined;
}

/** Runs bin/run.js with its stdout closed after the first chunk, as `| head -1` does. */
function runIntoClosedPipe(args: string[], url: string, node = process.execPath) {
  return new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(node, [BIN, ...args], { env: isolatedEnv({ url }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const pids = (pattern: string) =>
  spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

describe('the launcher and the pipes: a reader that goes away, an older node, signals', function () {
  this.timeout(180_000);
  const db = useTestDatabase({ empty: true });
  const older = olderNode();

  it('a closed stdout (| head) ends a long output and --help quietly with exit 0', async () => {
    for (const args of [['db', 'migrate', '--dry-run'], ['--help'], ['transfer', 'list', '--help']]) {
      const r = await runIntoClosedPipe(args, db.url);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /EPIPE|Warning|unsettled/, args.join(' '));
    }
  });

  describe('under an older node', function () {
    before(function () {
      if (!older) {
        this.test!.parent!.title += ' (no node older than 22 on the PATH)';
        this.skip();
      }
    });

    it('hands over to the pinned node, passing the exit code and a closed pipe through', async () => {
      const r = runCli(['db', 'status'], { url: db.url, node: older });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /migration\(s\) pending/);
      const piped = await runIntoClosedPipe(['db', 'migrate', '--dry-run'], db.url, older);
      assert.equal(piped.status, 0, piped.stderr);
      assert.doesNotMatch(piped.stderr, /EPIPE|Warning/);
    });

    it('SIGTERM to the launcher stops the real audit cleanly (exit 1), resumable, no process left', async () => {
      assert.equal((await runCommand(['db', 'migrate'], { url: db.url })).status, 0);
      await seedDatabase((await db.em()) as never);
      const place = await auditPlace(db, 'launched');
      await placeFiles(db, place, someFiles(200, 256 * 1024, 'l'));
      const args = ['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--batch-size', '5'];
      const launcher = startCli([...args, '--concurrency', '1'], { url: db.url, node: older });
      const checked = async () =>
        (
          await db.query<{ checked: number; status: string; stop: string | null }>(
            `select checked::int, status, stop_reason as stop from audit_run where data_location_id = $1`,
            [place.id],
          )
        )[0];
      for (let i = 0; i < 200 && !((await checked())?.checked > 0); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok((await checked())?.checked > 0, 'the audit got going');
      launcher.child.kill('SIGTERM');
      const code = await launcher.exited;
      assert.equal(code, 1, launcher.stderr());
      assert.match(launcher.stderr(), /Interrupted; audit run \d+ stays open/);
      const run = await checked();
      assert.equal(run.status, 'running');
      assert.equal(run.stop, 'interrupted');
      assert.deepEqual(pids(`audit copies --location ${place.key}`), [], 'no process left behind');
      const resumed = await runCommand([...args, '--json'], { url: db.url });
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.equal(resumed.json().resumed, true);
      assert.equal(resumed.json().checked, 200);
    });
  });
});
