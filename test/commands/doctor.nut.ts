import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { requireRealServer } from '../helpers/test-server.js';

describe('ccat-ops doctor', () => {
  const db = useTestDatabase();

  it('reports the server, the source of the setting and the migrations', async () => {
    const r = await runCommand(['doctor', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    const report = r.json();
    assert.equal(report.connected, true);
    assert.equal(report.embedded, false);
    assert.equal(report.source, 'CCAT_OPS_DATABASE_URL');
    assert.equal(report.environment, 'development');
    assert.match(report.serverVersion, /^\d+/);
    assert.ok(report.migrations.applied >= 1);
    assert.deepEqual(report.migrations.pending, []);
  });

  it('prints a readable report without --json', async () => {
    const r = await runCommand(['doctor'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^database\s+postgres:\/\//m);
    assert.match(r.stdout, /^migrations\s+\d+ applied, 0 pending/m);
  });

  it('masks the password and exits 69 naming the host when the server is unreachable', async () => {
    const r = await runCommand(['doctor', '--database-url', 'postgres://ops:hunter2@127.0.0.1:1/ops']);
    assert.equal(r.status, 69);
    assert.match(r.stderr, /cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    assert.ok(!(r.stdout + r.stderr).includes('hunter2'));
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  });

  it('exits 69 for a wrong password without showing it', async function () {
    await requireRealServer(this);
    const url = new URL(db.url);
    url.username = 'no_such_role';
    url.password = 'sekret-pw';
    const r = await runCommand(['doctor', '--database-url', url.toString()]);
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /authentication failed|refused the login/);
    assert.ok(!(r.stdout + r.stderr).includes('sekret-pw'));
  });

  it('exits 69 for a database that does not exist and points to db init', async function () {
    await requireRealServer(this);
    const url = new URL(db.url);
    url.pathname = '/ccat_ops_no_such_database';
    const r = await runCommand(['doctor', '--json'], { url: url.toString() });
    assert.equal(r.status, 69);
    assert.equal(r.json().error.exitCode, 69);
    assert.match(r.stderr, /database does not exist.*\n.*db init/);
  });

  it('exits 2 for a malformed URL, an unknown flag and an unknown command', async () => {
    const bad = await runCommand(['doctor', '--database-url', 'http://x']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^Error: the database URL from --database-url has scheme 'http', not postgres$/m);
    const flag = await runCommand(['doctor', '--nope']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /Nonexistent flag: --nope/);
    const cmd = await runCommand(['doctr']);
    assert.equal(cmd.status, 2);
    assert.match(cmd.stderr, /'doctr' is not a ccat-ops command\. Did you mean 'doctor'\?/);
  });

  it('exits 2 for a config file that is not YAML or lacks the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-cfg-'));
    writeFileSync(join(dir, 'bad.yaml'), 'environments: [oops\n');
    writeFileSync(join(dir, 'ok.yaml'), `environments:\n  staging:\n    database_url: ${db.url}\n`);
    const bad = await runCommand(['doctor'], { env: { CCAT_OPS_CONFIG: join(dir, 'bad.yaml') } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /is not valid YAML/);
    const missing = await runCommand(['doctor'], {
      env: { CCAT_OPS_CONFIG: join(dir, 'ok.yaml'), CCAT_OPS_ENV: 'production' },
    });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /environment 'production' is not defined/);
    const ok = await runCommand(['doctor', '--json'], {
      env: { CCAT_OPS_CONFIG: join(dir, 'ok.yaml'), CCAT_OPS_ENV: 'staging' },
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.json().environment, 'staging');
  });

  it('runs on the embedded PGlite when nothing is configured, says so on stderr, and shows its server', async function () {
    this.timeout(120_000);
    const env = { XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'ccat-ops-doctor-embedded-')) };
    const r = await runCommand(['doctor', '--json'], { env, timeoutMs: 110_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().embedded, true);
    assert.match(r.json().database, /embedded PGlite at .*ccat-ops\/pglite$/);
    assert.match(r.stderr, /using the embedded PGlite/);
    const server = r.json().embeddedServer;
    assert.equal(server.mode, 'background');
    assert.equal(server.idleSeconds, 300);
    assert.equal(server.socket, join(env.XDG_DATA_HOME, 'ccat-ops', 'pglite.server', '.s.PGSQL.5432'));
    assert.equal(server.log, join(env.XDG_DATA_HOME, 'ccat-ops', 'pglite.server.log'));

    const human = await runCommand(['doctor'], { env });
    assert.equal(human.status, 0, human.stderr);
    assert.match(
      human.stdout,
      new RegExp(
        `^embedded {5}background server, pid ${server.pid}, exits after 300 s without a connection \\(\`ccat-ops db stop\` stops it now\\)\n  socket {5}${server.socket}\n  log {8}${server.log}\n`,
        'm',
      ),
      'the same server, reused',
    );
  });

  it('exits 69 naming the directory when the embedded data directory cannot be created', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ccat-ops-ro-'));
    writeFileSync(join(home, 'not-a-dir'), '');
    const r = await runCommand(['doctor'], { env: { XDG_DATA_HOME: join(home, 'not-a-dir') } });
    assert.equal(r.status, 69);
    assert.match(r.stderr, /embedded data directory .*not-a-dir\/ccat-ops\/pglite is not writable/);
  });

  it('honours NO_COLOR and never colours piped output', async () => {
    const r = await runCommand(['doctor', '--database-url', 'postgres://u@127.0.0.1:1/x'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    assert.ok(!r.stderr.includes('\u001b['), 'no ANSI escapes');
  });
});
