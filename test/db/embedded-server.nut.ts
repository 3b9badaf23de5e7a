import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { BIN, isolatedEnv, runCliAsync } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';

describe('the embedded default under concurrency', function () {
  this.timeout(180_000);
  const data = mkdtempSync(join(tmpdir(), 'ccat-ops-embedded-'));
  const dataDir = join(data, 'ccat-ops', 'pglite');

  it('lets two commands started together both succeed, one after the other', async () => {
    const env = { XDG_DATA_HOME: data };
    const [a, b] = await Promise.all([
      runCliAsync(['db', 'init', '--json'], { env }),
      runCliAsync(['db', 'init', '--json'], { env }),
    ]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    const applied = [a.json(), b.json()].map((r) => r.migrationsApplied.length).sort();
    assert.equal(applied[0], 0, 'the second found nothing left to migrate');
    assert.ok(applied[1] >= 1);
    const after = await runCommand(['db', 'status', '--json'], { env });
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual(after.json().pending, []);
  });

  it('exits 75 when the database stays busy past the wait', async () => {
    mkdirSync(dataDir, { recursive: true });
    const release = await lockfile.lock(dirname(dataDir), { lockfilePath: `${dataDir}.lock`, realpath: false });
    try {
      const r = await runCommand(['doctor'], { env: { XDG_DATA_HOME: data, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1' } });
      assert.equal(r.status, 75);
      assert.match(r.stderr, /is in use by another ccat-ops command/);
    } finally {
      await release();
    }
  });

  it('takes over at once the lock of a command that was killed', async () => {
    const env = { XDG_DATA_HOME: data };
    const holder = join(`${dataDir}.lock`, 'holder');
    const child = spawn(process.execPath, [BIN, 'db', 'init'], { env: isolatedEnv({ env }), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (!existsSync(holder) && child.exitCode === null) await sleep(20);
    assert.ok(existsSync(holder), 'the command held the lock');
    child.kill('SIGKILL');
    await exited;
    assert.ok(existsSync(holder), 'the killed command left its lock behind');
    // Far shorter than the age at which a lock is stale (a minute): only a dead holder lets it in.
    const r = await runCommand(['telescope', 'list', '--output', 'csv'], {
      env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '2' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FYST,/m);
    assert.ok(!existsSync(`${dataDir}.lock`), 'the lock is released afterwards');
  });

  it('still waits for a live holder on this host, then exits 75', async () => {
    mkdirSync(dataDir, { recursive: true });
    const release = await lockfile.lock(dirname(dataDir), { lockfilePath: `${dataDir}.lock`, realpath: false });
    writeFileSync(join(`${dataDir}.lock`, 'holder'), JSON.stringify({ host: hostname(), pid: process.pid }));
    try {
      const r = await runCommand(['doctor'], { env: { XDG_DATA_HOME: data, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1' } });
      assert.equal(r.status, 75, r.stderr);
      assert.match(r.stderr, /is in use by another ccat-ops command/);
    } finally {
      rmSync(join(`${dataDir}.lock`, 'holder'));
      await release();
    }
  });
});
