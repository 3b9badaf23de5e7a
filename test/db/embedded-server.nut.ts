import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { runCli, runCliAsync } from '../helpers/run-cli.js';

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
    const after = runCli(['db', 'status', '--json'], { env });
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual(after.json().pending, []);
  });

  it('exits 75 when the database stays busy past the wait', async () => {
    mkdirSync(dataDir, { recursive: true });
    const release = await lockfile.lock(dirname(dataDir), { lockfilePath: `${dataDir}.lock`, realpath: false });
    try {
      const r = runCli(['doctor'], { env: { XDG_DATA_HOME: data, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1' } });
      assert.equal(r.status, 75);
      assert.match(r.stderr, /is in use by another ccat-ops command/);
    } finally {
      await release();
    }
  });
});
