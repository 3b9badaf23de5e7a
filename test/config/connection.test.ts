import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTarget, resolveConnection } from '../../src/config/connection.js';
import { maskUrl, scrubSecrets } from '../../src/config/mask-url.js';

const home = mkdtempSync(join(tmpdir(), 'ccat-ops-conn-'));
const base = { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg'), XDG_DATA_HOME: join(home, 'data') };

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ccat-ops-cfg-')), 'config.yaml');
  writeFileSync(path, text);
  return path;
}

describe('connection resolution (DESIGN §4)', () => {
  it('falls back to the embedded PGlite in the XDG data directory', () => {
    const t = resolveConnection({ env: base });
    assert.equal(t.kind, 'embedded');
    assert.equal(t.kind === 'embedded' && t.dataDir, join(home, 'data', 'ccat-ops', 'pglite'));
    assert.equal(t.environment, 'development');
  });

  it('takes the flag over every variable', () => {
    const t = resolveConnection({
      databaseUrl: 'postgres://flag@h1/db1',
      env: { ...base, CCAT_OPS_DATABASE_URL: 'postgres://env@h2/db2', PGHOST: 'h3' },
    });
    assert.equal(t.kind === 'server' && t.url, 'postgres://flag@h1/db1');
    assert.equal(t.source, '--database-url');
  });

  it('prefers CCAT_OPS_DATABASE_URL to DATABASE_URL, and DATABASE_URL to the ops-db variables', () => {
    const env = { ...base, DATABASE_URL: 'postgres://b@h/b', CCAT_OPS_DB_DATABASE_POSTGRESQL_HOST: 'opsdb' };
    assert.equal(
      resolveConnection({ env: { ...env, CCAT_OPS_DATABASE_URL: 'postgres://a@h/a' } }).source,
      'CCAT_OPS_DATABASE_URL',
    );
    assert.equal(resolveConnection({ env }).source, 'DATABASE_URL');
  });

  it('builds a URL from the ops-db compatible variables', () => {
    const t = resolveConnection({
      env: {
        ...base,
        CCAT_OPS_DB_DATABASE_POSTGRESQL_HOST: 'db.example.org',
        CCAT_OPS_DB_DATABASE_POSTGRESQL_PORT: '6543',
        CCAT_OPS_DB_DATABASE_POSTGRESQL_USER: 'ccat',
        CCAT_OPS_DB_DATABASE_POSTGRESQL_PASSWORD: 'p@ss:word',
        CCAT_OPS_DB_DATABASE_POSTGRESQL_DATABASE: 'ops',
        PGHOST: 'ignored',
      },
    });
    assert.equal(t.kind, 'server');
    const url = new URL(t.kind === 'server' ? t.url : '');
    assert.deepEqual([url.hostname, url.port, url.username, url.pathname], ['db.example.org', '6543', 'ccat', '/ops']);
    assert.equal(t.kind === 'server' && t.password, 'p@ss:word');
    assert.ok(!describeTarget(t).includes('p@ss'), 'the password never shows');
  });

  it('reads the named environment from the config file before the PG variables', () => {
    const path = configFile(
      'environments:\n  development:\n    database_url: postgres://dev@devhost/ops\n  production:\n    host: prod\n    user: ops\n    password_env: OPS_PW\n    database: ops\n',
    );
    const dev = resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path, PGHOST: 'pg' } });
    assert.equal(dev.kind === 'server' && dev.url, 'postgres://dev@devhost/ops');
    const prod = resolveConnection({
      env: { ...base, CCAT_OPS_CONFIG: path, CCAT_OPS_ENV: 'production', OPS_PW: 'pw1' },
    });
    assert.equal(prod.environment, 'production');
    assert.equal(prod.kind === 'server' && new URL(prod.url).hostname, 'prod');
    assert.equal(prod.kind === 'server' && prod.password, 'pw1');
  });

  it('finds the config file under XDG_CONFIG_HOME', () => {
    const cfgHome = mkdtempSync(join(tmpdir(), 'ccat-ops-xdg-'));
    mkdirSync(join(cfgHome, 'ccat-ops'));
    writeFileSync(
      join(cfgHome, 'ccat-ops', 'config.yaml'),
      'environments:\n  development:\n    database_url: postgres://x@xdg/ops\n',
    );
    const t = resolveConnection({ env: { ...base, XDG_CONFIG_HOME: cfgHome } });
    assert.equal(t.kind === 'server' && new URL(t.url).hostname, 'xdg');
    assert.match(t.source, /ccat-ops\/config\.yaml \[development\]$/);
  });

  it('uses the libpq variables when nothing else is set', () => {
    const t = resolveConnection({ env: { ...base, PGHOST: '/var/run/postgresql', PGDATABASE: 'x' } });
    assert.equal(t.source, 'PG* variables');
    assert.equal(t.kind === 'server' && new URL(t.url).searchParams.get('host'), '/var/run/postgresql');
  });

  it('rejects a malformed URL without echoing it', () => {
    assert.throws(
      () => resolveConnection({ databaseUrl: 'postgres://u:secret@host:notaport/db', env: base }),
      (err: Error & { exitCode: number }) => err.exitCode === 2 && !err.message.includes('secret'),
    );
    assert.throws(() => resolveConnection({ databaseUrl: 'mysql://u@h/db', env: base }), /not postgres/);
  });

  it('rejects a config file that is not YAML, or lacks the environment', () => {
    const bad = configFile('environments: [unclosed\n');
    assert.throws(() => resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: bad } }), /not valid YAML/);
    const good = configFile('environments:\n  development:\n    database_url: postgres://a@b/c\n');
    assert.throws(
      () => resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: good, CCAT_OPS_ENV: 'staging' } }),
      /environment 'staging' is not defined .*\(defined: development\)/,
    );
  });

  it('masks passwords in URLs and free text', () => {
    assert.equal(maskUrl('postgres://u:hunter2@h:5432/db'), 'postgres://u:***@h:5432/db');
    assert.equal(
      scrubSecrets('failed for postgres://u:hunter2@h/db and hunter2', ['hunter2']),
      'failed for postgres://u:***@h/db and ***',
    );
  });
});
