import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { databaseName, describeTarget, isProduction, resolveConnection } from '../../src/config/connection.js';
import { permissionProblem } from '../../src/config/config-file.js';
import { maskUrl, scrubSecrets } from '../../src/config/mask-url.js';

const home = mkdtempSync(join(tmpdir(), 'ccat-ops-conn-'));
const base = { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg'), XDG_DATA_HOME: join(home, 'data') };

function configFile(text: string, mode = 0o600): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ccat-ops-cfg-')), 'config.yaml');
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

const usageError = (pattern: RegExp) => (err: Error & { exitCode?: number }) =>
  err.exitCode === 2 && pattern.test(err.message);

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

  it('rejects an sslmode the driver does not know (it would silently require SSL), without echoing the password', () => {
    assert.throws(
      () => resolveConnection({ databaseUrl: 'postgres://u:secret@h/db?sslmode=bogus', env: base }),
      (err: Error & { exitCode: number }) =>
        err.exitCode === 2 &&
        /has sslmode=bogus, which is not one of disable, allow, prefer, require, verify-ca, verify-full, no-verify$/.test(
          err.message,
        ) &&
        !err.message.includes('secret'),
    );
    for (const mode of ['disable', 'require', 'verify-full']) {
      const t = resolveConnection({ databaseUrl: `postgres://u@h/db?sslmode=${mode}`, env: base });
      assert.equal(t.kind === 'server' && new URL(t.url).searchParams.get('sslmode'), mode);
    }
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
    // Any scheme, a password holding an @, conninfo and URL parameters.
    assert.equal(
      scrubSecrets('x mysql://u:pw@h/d postgresql://u:p@ss@h/d y'),
      'x mysql://u:***@h/d postgresql://u:***@h/d y',
    );
    assert.equal(
      scrubSecrets("host=h password=S3cret user=u; postgres://h/d?sslpassword=k3y&x=1 'password=q'"),
      "host=h password=*** user=u; postgres://h/d?sslpassword=***&x=1 'password=***'",
    );
  });

  describe('the production environment (DESIGN §4)', () => {
    // The spellings that used to slip through: only the exact lower-case word was refused.
    for (const value of ['production', 'Production', 'PRODUCTION', 'prod', 'PROD', ' production', 'prod\n']) {
      it(`is recognised from CCAT_OPS_ENV=${JSON.stringify(value)} and ENV_FOR_DYNACONF=${JSON.stringify(value)}`, () => {
        assert.equal(isProduction({ CCAT_OPS_ENV: value }), true);
        assert.equal(isProduction({ ENV_FOR_DYNACONF: value }), true);
        assert.equal(resolveConnection({ env: { ...base, CCAT_OPS_ENV: value } }).production, true);
        assert.equal(
          resolveConnection({ databaseUrl: 'postgres://u@h/db', env: { ...base, ENV_FOR_DYNACONF: value } }).production,
          true,
        );
      });
    }

    it('is not production for other names, or when neither variable is set', () => {
      for (const value of ['development', 'staging', 'production2', 'preprod', '']) {
        assert.equal(isProduction({ CCAT_OPS_ENV: value, ENV_FOR_DYNACONF: value }), false, value);
      }
      assert.equal(resolveConnection({ env: base }).production, false);
    });

    it('is production when either variable says so', () => {
      assert.equal(isProduction({ CCAT_OPS_ENV: 'development', ENV_FOR_DYNACONF: 'production' }), true);
      assert.equal(isProduction({ CCAT_OPS_ENV: 'Prod', ENV_FOR_DYNACONF: 'development' }), true);
    });
  });

  describe('an explicitly empty database URL', () => {
    it('is exit 2 for --database-url, never a fall-back to the next configured database', () => {
      const env = { ...base, CCAT_OPS_DATABASE_URL: 'postgres://other@h/other', PGHOST: 'pg' };
      for (const value of ['', ' ']) {
        assert.throws(() => resolveConnection({ databaseUrl: value, env }), usageError(/^--database-url is empty$/));
      }
    });

    it('is exit 2 for CCAT_OPS_DATABASE_URL too', () => {
      const env = { ...base, CCAT_OPS_DATABASE_URL: '', DATABASE_URL: 'postgres://other@h/other' };
      assert.throws(() => resolveConnection({ env }), usageError(/^CCAT_OPS_DATABASE_URL is empty$/));
    });
  });

  describe('a database name with characters that need escaping', () => {
    // The pg driver reads the path with decodeURI (which leaves %3B as it is), MikroORM with
    // decodeURIComponent: the resolved URL must read the same both ways.
    const cases: [string, string][] = [
      ['postgres://u@h/ops%3Bx%27y%20z', "ops;x'y z"],
      ['postgres://u@h/a;b', 'a;b'],
      ['postgres://u@h/a%40b%3Dc%2Bd%24e%2Cf%3Ag%26h', 'a@b=c+d$e,f:g&h'],
      ['postgres://u@h/caf%C3%A9%25', 'café%'],
    ];
    for (const [url, name] of cases) {
      it(`resolves ${url} to a URL both drivers read as ${JSON.stringify(name)}`, () => {
        const t = resolveConnection({ databaseUrl: url, env: base });
        const resolved = t.kind === 'server' ? t.url : '';
        assert.equal(databaseName(resolved), name);
        assert.equal(decodeURI(new URL(resolved).pathname.slice(1)), name);
      });
    }

    it('keeps an ordinary URL exactly as given', () => {
      const t = resolveConnection({ databaseUrl: 'postgres://u:p%40ss@h:5433/ops?sslmode=require', env: base });
      assert.equal(t.kind === 'server' && t.url, 'postgres://u:p%40ss@h:5433/ops?sslmode=require');
    });

    it('builds the same readable name from the parts of a config environment', () => {
      const path = configFile('environments:\n  development:\n    host: h\n    database: "ops;x\'y z"\n');
      const t = resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path } });
      const resolved = t.kind === 'server' ? t.url : '';
      assert.equal(decodeURI(new URL(resolved).pathname.slice(1)), "ops;x'y z");
    });

    it("is exit 2 for a name with '/', '?' or '#', which no client reads alike, and for a broken %-escape", () => {
      for (const url of ['postgres://u@h/a%2Fb', 'postgres://u@h/a%3Fb', 'postgres://u@h/a%23b']) {
        assert.throws(
          () => resolveConnection({ databaseUrl: url, env: base }),
          usageError(/contains '\/', '\?' or '#'/),
        );
      }
      assert.throws(
        () => resolveConnection({ databaseUrl: 'postgres://u@h/a%zz', env: base }),
        usageError(/malformed %-escape/),
      );
    });
  });

  describe('config file permissions', () => {
    const withPassword = 'environments:\n  development:\n    host: h\n    user: u\n    password: hunter2\n';
    const withUrlPassword = 'environments:\n  development:\n    database_url: postgres://u:hunter2@h/ops\n';
    const withoutPassword = 'environments:\n  development:\n    host: h\n    user: u\n    password_env: OPS_PW\n';

    for (const [mode, who] of [
      [0o666, 'everyone'],
      [0o602, 'everyone'],
      [0o620, 'its group'],
    ] as const) {
      it(`refuses a config file writable by ${who} (mode ${mode.toString(8)}), like ssh, naming the chmod`, () => {
        const path = configFile(withoutPassword, mode);
        assert.throws(
          () => resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path, OPS_PW: 'x' } }),
          (err: Error & { exitCode?: number; actions?: string[] }) =>
            err.exitCode === 2 &&
            err.message.includes(`config file ${path} is writable by ${who}`) &&
            err.actions?.[0] === `chmod go-w ${path}`,
        );
      });
    }

    it('refuses a config file in a directory others may write (unless sticky, like /tmp), like ssh', () => {
      for (const [dirMode, who] of [
        [0o777, 'everyone'],
        [0o775, 'its group'],
      ] as const) {
        const path = configFile(withoutPassword);
        chmodSync(dirname(path), dirMode);
        assert.throws(
          () => resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path, OPS_PW: 'x' } }),
          (err: Error & { exitCode?: number; actions?: string[] }) =>
            err.exitCode === 2 &&
            err.message ===
              `config file ${path} is in a directory writable by ${who} (${dirname(path)}, mode 0${dirMode.toString(8)}): anyone who can write there can replace the file` &&
            err.actions?.[0] === `chmod go-w ${dirname(path)}`,
        );
      }
      for (const dirMode of [0o1777, 0o755, 0o700]) {
        const path = configFile(withoutPassword);
        chmodSync(dirname(path), dirMode);
        const t = resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path, OPS_PW: 'x' } });
        assert.equal(t.kind, 'server', dirMode.toString(8));
      }
    });

    it('follows a link to the real file and checks the directory it is in', () => {
      const real = configFile(withoutPassword);
      chmodSync(dirname(real), 0o777);
      const link = join(mkdtempSync(join(tmpdir(), 'ccat-ops-cfg-')), 'config.yaml');
      symlinkSync(real, link);
      assert.throws(
        () => resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: link, OPS_PW: 'x' } }),
        (err: Error & { exitCode?: number }) =>
          err.exitCode === 2 &&
          err.message.startsWith(
            `config file ${link} (${real}) is in a directory writable by everyone (${dirname(real)}`,
          ),
      );
    });

    it('refuses a config file or directory that belongs to another user (root is fine), like ssh', () => {
      const path = configFile(withoutPassword);
      const owner = statSync(path).uid;
      // As root, the file is given away; as anyone else, the check is asked for another user.
      const other = owner === 0 ? 65534 : owner;
      if (owner === 0) chownSync(path, other, other);
      const asUser = owner === 0 ? 0 : owner + 1;
      assert.equal(
        permissionProblem(path, asUser)?.message,
        `config file ${path} belongs to another user (uid ${other}): whoever owns it can point ccat-ops at another database`,
      );
      if (owner === 0) {
        // Only root can hand a directory to someone else; the file in it stays root's.
        const inOpen = configFile(withoutPassword);
        chownSync(dirname(inOpen), other, other);
        assert.match(
          permissionProblem(inOpen, 0)?.message ?? '',
          new RegExp(`is in a directory writable by another user \\(uid ${other}\\)`),
        );
        chownSync(dirname(inOpen), 0, 0);
        assert.equal(permissionProblem(inOpen, 0), undefined);
      }
      assert.equal(permissionProblem(configFile(withoutPassword)), undefined, 'one of our own');
    });

    for (const [text, what] of [
      [withPassword, 'password'],
      [withUrlPassword, 'database_url with a password'],
    ] as const) {
      it(`warns, naming chmod 600, when a ${what} is readable by others`, () => {
        for (const mode of [0o644, 0o640, 0o604]) {
          const path = configFile(text, mode);
          const t = resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path } });
          assert.equal(t.kind, 'server');
          const warnings = t.kind === 'server' ? (t.warnings ?? []) : [];
          assert.equal(warnings.length, 1, mode.toString(8));
          assert.match(warnings[0], new RegExp(`holds a password and is readable by .*run \`chmod 600 ${path}\``));
          assert.ok(!warnings[0].includes('hunter2'), 'the password never shows');
        }
      });
    }

    it('says nothing about a private file, or a readable one without a password', () => {
      for (const [text, mode] of [
        [withPassword, 0o600],
        [withPassword, 0o400],
        [withoutPassword, 0o644],
      ] as const) {
        const path = configFile(text, mode);
        const t = resolveConnection({ env: { ...base, CCAT_OPS_CONFIG: path, OPS_PW: 'x' } });
        assert.deepEqual(t.kind === 'server' && (t.warnings ?? []), [], `${mode.toString(8)} ${text}`);
      }
    });
  });
});
