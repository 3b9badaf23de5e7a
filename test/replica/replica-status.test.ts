import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConnection } from '../../src/config/connection.js';
import { resolveReadConnection } from '../../src/config/read-connection.js';
import { evaluateStatus } from '../../src/replica/replica-status.js';

describe('replica status', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const hourAgo = new Date('2026-12-02T11:00:00Z');
  const row = { standby: true, now, replayed_at: hourAgo, replayed_all: true, paused: false, receiver: 'streaming' };

  it('counts a standby that replayed all it received while streaming as caught up, however old its last write', () => {
    assert.deepEqual(evaluateStatus(row), {
      standby: true,
      caughtUp: true,
      paused: false,
      lagSeconds: 0,
      asOf: now.toISOString(),
    });
  });

  it('measures the lag from the last replayed transaction when WAL waits, replay is paused or the receiver is gone', () => {
    for (const behind of [{ replayed_all: false }, { paused: true }, { receiver: null }]) {
      const s = evaluateStatus({ ...row, ...behind });
      assert.equal(s.lagSeconds, 3600, JSON.stringify(behind));
      assert.equal(s.asOf, hourAgo.toISOString());
    }
  });

  it('has no lag on a primary, and an unknown one on a standby that has replayed nothing yet', () => {
    assert.equal(evaluateStatus({ ...row, standby: false }).lagSeconds, 0);
    assert.equal(evaluateStatus({ ...row, replayed_all: false, replayed_at: null }).lagSeconds, null);
  });
});

describe('resolveReadConnection', () => {
  const primary = resolveConnection({ env: { CCAT_OPS_DATABASE_URL: 'postgres://ops:pw@db.example.org/ops' } });

  it('takes --read-database-url, else CCAT_OPS_READ_DATABASE_URL, else nothing', () => {
    const env = { CCAT_OPS_READ_DATABASE_URL: 'postgres://ops@replica-a/ops', HOME: mkdtempSync(join(tmpdir(), 'h-')) };
    assert.equal(
      resolveReadConnection({ primary, env, readDatabaseUrl: 'postgres://ops@b/ops' })?.source,
      '--read-database-url',
    );
    assert.equal(resolveReadConnection({ primary, env })?.url, 'postgres://ops@replica-a/ops');
    assert.equal(resolveReadConnection({ primary, env: { HOME: env.HOME } }), undefined);
    assert.throws(() => resolveReadConnection({ primary, env: { CCAT_OPS_READ_DATABASE_URL: ' ' } }), /is empty/);
  });

  it('builds the replica URL from read_host and read_port in the config file, with the primary user and database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const path = join(dir, 'config.yaml');
    writeFileSync(
      path,
      'environments:\n  development:\n    host: db.example.org\n    user: ops\n    password: pw\n    database: ops\n' +
        '    read_host: replica.example.org\n    read_port: 5433\n',
    );
    chmodSync(path, 0o600);
    const env = { CCAT_OPS_CONFIG: path };
    const read = resolveReadConnection({ primary: resolveConnection({ env }), env });
    assert.equal(read?.url, 'postgres://ops:pw@replica.example.org:5433/ops');
    assert.equal(read?.password, 'pw');
    assert.equal(read?.source, `${path} [development]`);
    // The file's replica is not a replica of a primary given another way.
    assert.equal(resolveReadConnection({ primary, env }), undefined);
  });
});
