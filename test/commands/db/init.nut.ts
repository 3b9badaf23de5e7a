import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCliAsync } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';
import { requireRealServer } from '../../helpers/test-server.js';

const BUNDLED = join(import.meta.dirname, '..', '..', '..', 'data');

describe('ccat-ops db init', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);

  it('migrates and seeds an empty database, then changes nothing the second time', async () => {
    const first = await runCommand(['db', 'init', '--json'], { url: db.url });
    assert.equal(first.status, 0, first.stderr);
    const r1 = first.json();
    assert.ok(r1.migrationsApplied.length >= 1);
    assert.ok(r1.seed.created > 0);
    assert.equal((await db.query(`select name from telescope`))[0].name, 'FYST');
    assert.equal(await count('instrument_module'), 6);
    assert.equal(await count('data_location'), 7);
    const second = await runCommand(['db', 'init'], { url: db.url });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /no migration to apply/);
    assert.match(second.stdout, /Nothing changed\./);
    assert.equal(await count('instrument_module'), 6);
  });

  it('creates the database when it does not exist', async function () {
    await requireRealServer(this);
    const url = new URL(db.url);
    url.pathname = `${url.pathname}_created`;
    const r = await runCommand(['db', 'init', '--no-seed', '--json'], { url: url.toString() });
    try {
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json().databaseCreated, true);
      assert.equal(r.json().seed, null);
    } finally {
      await db.query(`drop database if exists ${url.pathname.slice(1)} with (force)`);
    }
  });

  it('lets eight concurrent runs on one empty database all succeed with one schema', async function () {
    await requireRealServer(this);
    // Eight processes applying migrations in turn take minutes on a loaded 2-core machine.
    this.timeout(300_000);
    const url = new URL(db.url);
    url.pathname = `${url.pathname}_race`;
    try {
      const runs = await Promise.all(
        Array.from({ length: 8 }, () =>
          runCliAsync(['db', 'init', '--json'], { url: url.toString(), timeoutMs: 240_000 }),
        ),
      );
      for (const r of runs) assert.equal(r.status, 0, r.stderr);
      const applied = runs.map((r) => r.json().migrationsApplied.length);
      assert.equal(applied.filter((n) => n > 0).length, 1, 'exactly one run applied the migrations');
      const status = await runCommand(['db', 'check', '--json'], { url: url.toString() });
      assert.equal(status.status, 0, status.stdout);
      const tel = await runCommand(['db', 'seed', '--json'], { url: url.toString() });
      assert.equal(tel.json().created, 0, 'the seed landed exactly once');
    } finally {
      await db.query(`drop database if exists ${url.pathname.slice(1)} with (force)`);
    }
  });

  it('refuses --drop without confirmation off a terminal, and in production', async () => {
    const noYes = await runCommand(['db', 'init', '--drop'], { url: db.url });
    assert.equal(noYes.status, 2);
    assert.match(noYes.stderr, /confirmation needed/);
    const prod = await runCommand(['db', 'init', '--drop', '--yes'], {
      url: db.url,
      env: { CCAT_OPS_ENV: 'production' },
    });
    assert.equal(prod.status, 1);
    assert.match(prod.stderr, /refused in the production environment/);
    assert.equal(await count('telescope'), 1, 'nothing was dropped');
  });

  describe('never drops the wrong database', () => {
    const MARK = 'changed by an operator, must survive';
    const marked = async () =>
      (await db.query<{ n: string }>(`select count(*) as n from telescope where description = $1`, [MARK]))[0].n ===
      '1';
    before(async () => {
      await db.query(`update telescope set description = $1`, [MARK]);
    });

    it('refuses --drop in production, however the environment is spelled, before asking', async () => {
      const spellings: Record<string, string>[] = [
        { CCAT_OPS_ENV: 'Production' },
        { CCAT_OPS_ENV: 'PRODUCTION' },
        { CCAT_OPS_ENV: 'prod' },
        { CCAT_OPS_ENV: ' production' },
        { ENV_FOR_DYNACONF: 'production' },
        { ENV_FOR_DYNACONF: 'PROD' },
      ];
      const runs = await Promise.all([
        ...spellings.map((env) => runCommand(['db', 'init', '--drop', '--yes'], { url: db.url, env })),
        runCommand(['db', 'init', '--drop'], { url: db.url, env: { CCAT_OPS_ENV: 'prod' } }),
      ]);
      runs.forEach((r, i) => {
        assert.equal(r.status, 1, `${JSON.stringify(spellings[i] ?? 'no --yes')}: ${r.stderr}`);
        assert.match(r.stderr, /^Error: db init --drop is refused in the production environment\n/);
        assert.doesNotMatch(r.stdout, /Dropped/);
      });
      assert.ok(await marked(), 'nothing was dropped');
    });

    it('is exit 2 for an explicitly empty --database-url instead of using the configured database', async () => {
      // It used to fall back to CCAT_OPS_DATABASE_URL (here: this test's database) and drop it.
      const r = await runCommand(['db', 'init', '--drop', '--yes', '--database-url', ''], { url: db.url });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^Error: --database-url is empty\nTry: give the database URL/);
      assert.ok(await marked(), 'nothing was dropped');
    });

    it('is exit 2 for a missing --seed-dir, naming the flag and the directory', async () => {
      const missing = join(tmpdir(), 'ccat-ops-no-such-seed-dir');
      const runs = await Promise.all([
        runCommand(['db', 'init', '--drop', '--yes', '--seed-dir', missing], { url: db.url }),
        runCommand(['db', 'seed', '--seed-dir', missing], { url: db.url }),
      ]);
      for (const r of runs) {
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`^Error: --seed-dir: no such directory: ${missing}\\n`));
      }
      assert.ok(await marked(), 'nothing was dropped');
    });

    it('refuses a config file others can write (exit 2), and warns when others can read its password', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-cfg-'));
      const withPassword = new URL(db.url);
      withPassword.password = 'not-needed-here';
      const path = join(dir, 'config.yaml');
      writeFileSync(path, `environments:\n  development:\n    database_url: ${withPassword}\n`);
      chmodSync(path, 0o666);
      const writable = await runCommand(['db', 'init', '--drop', '--yes'], { env: { CCAT_OPS_CONFIG: path } });
      assert.equal(writable.status, 2, writable.stderr);
      assert.match(
        writable.stderr,
        new RegExp(
          `^Error: config file ${path} is writable by everyone \\(mode 0666\\).*\\nTry: chmod go-w ${path}\\n`,
        ),
      );
      assert.ok(await marked(), 'nothing was dropped');
      chmodSync(path, 0o644);
      const readable = await runCommand(['db', 'init', '--no-seed'], { env: { CCAT_OPS_CONFIG: path } });
      assert.equal(readable.status, 0, readable.stderr);
      assert.match(
        readable.stderr,
        new RegExp(`^Warning: config file ${path} holds a password .*\`chmod 600 ${path}\``),
      );
      assert.ok(!readable.stderr.includes('not-needed-here'), 'the password never shows');
      chmodSync(path, 0o600);
      const private_ = await runCommand(['db', 'init', '--no-seed'], { env: { CCAT_OPS_CONFIG: path } });
      assert.equal(private_.status, 0, private_.stderr);
      assert.equal(private_.stderr, '');
      assert.ok(await marked());
    });
  });

  it('creates and then uses the same database when its name needs escaping in the URL', async function () {
    await requireRealServer(this);
    // `;`, quotes and a space, escaped as they were when found: the database was created as
    // "…;y'z w" and then connected to as "…%3By'z w" (exit 69, does not exist).
    const url = new URL(db.url);
    const base = url.pathname.slice(1);
    const name = `${base}_x;y'z w"q`;
    const escaped = `${url.protocol}//${url.username}@${url.host}/${base}_x%3By%27z%20w%22q`;
    const admin = new pg.Client({ host: url.hostname, port: Number(url.port || 5432), user: url.username });
    await admin.connect();
    try {
      const created = await runCommand(['db', 'init', '--no-seed', '--json'], { url: escaped });
      assert.equal(created.status, 0, created.stderr);
      assert.equal(created.json().databaseCreated, true);
      assert.ok(created.json().migrationsApplied.length >= 1);
      const names = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [
        `${base}\\_x%`,
      ]);
      assert.deepEqual(
        names.rows.map((r) => r.datname),
        [name],
        'one database, with the decoded name',
      );
      const inside = new pg.Client({
        host: url.hostname,
        port: Number(url.port || 5432),
        user: url.username,
        database: name,
      });
      await inside.connect();
      const migrated = await inside.query('select count(*)::int as n from mikro_orm_migrations');
      await inside.end();
      assert.equal(migrated.rows[0].n, created.json().migrationsApplied.length, 'migrated the database it created');
      const status = await runCommand(['db', 'status', '--json'], { url: escaped });
      assert.equal(status.status, 0, status.stderr);
      assert.equal(status.json().inSync, true);
    } finally {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await admin.end();
    }
  });

  it('rebuilds from empty with --drop --yes', async () => {
    await db.query(`update telescope set description = 'changed by an operator'`);
    const r = await runCommand(['db', 'init', '--drop', '--yes', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().dropped, true);
    assert.notEqual((await db.query(`select description from telescope`))[0].description, 'changed by an operator');
  });

  describe('with a bad seed directory', () => {
    const cases: [string, string, string, RegExp][] = [
      [
        'missing field',
        'instruments.yaml',
        '- name: X\n  telescope: FYST\n',
        /instruments\.yaml: entry 1 \(X\): instrument_type: is required/,
      ],
      [
        'unknown enum value',
        'data_locations.yaml',
        '- site: ccat\n  name: n\n  location_type: attic\n  storage_type: disk\n  root_path: /r\n',
        /data_locations\.yaml: entry 1 \(n\): location_type: /,
      ],
      [
        'duplicate natural key',
        'sites.yaml',
        '- short_name: zz\n  name: A\n- short_name: zz\n  name: B\n',
        /sites\.yaml: entry 2 \(zz\): short_name: duplicate/,
      ],
      [
        'unknown reference',
        'instrument_modules.yaml',
        '- name: M\n  telescope: FYST\n  instrument: NOPE\n',
        /instrument_modules\.yaml: entry 1 \(M\): instrument: no instrument 'NOPE' on telescope 'FYST'/,
      ],
      ['invalid YAML', 'sites.yaml', '- short_name: [unclosed\n', /sites\.yaml: not valid YAML/],
    ];
    for (const [what, file, text, expected] of cases) {
      it(`rejects a ${what} naming the file, entry and field, and writes nothing`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-seed-'));
        cpSync(BUNDLED, dir, { recursive: true });
        writeFileSync(join(dir, 'observatories.yaml'), '- name: A brand new observatory\n');
        writeFileSync(join(dir, file), text);
        const before = await count('observatory');
        const r = await runCommand(['db', 'seed', '--seed-dir', dir], { url: db.url });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, expected);
        assert.equal(r.stderr.trim().split('\n').length, 2, 'one error line and one hint');
        assert.equal(await count('observatory'), before, 'nothing from the run was left behind');
      });
    }
  });
});
