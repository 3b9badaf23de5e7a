import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliAsync } from '../../helpers/run-cli.js';
import { useTestDatabase } from '../../helpers/test-database.js';
import { requireRealServer } from '../../helpers/test-server.js';

const BUNDLED = join(import.meta.dirname, '..', '..', '..', 'data');

describe('ccat-ops db init', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);

  it('migrates and seeds an empty database, then changes nothing the second time', async () => {
    const first = runCli(['db', 'init', '--json'], { url: db.url });
    assert.equal(first.status, 0, first.stderr);
    const r1 = first.json();
    assert.ok(r1.migrationsApplied.length >= 1);
    assert.ok(r1.seed.created > 0);
    assert.equal((await db.query(`select name from telescope`))[0].name, 'FYST');
    assert.equal(await count('instrument_module'), 6);
    assert.equal(await count('data_location'), 7);
    const second = runCli(['db', 'init'], { url: db.url });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /no migration to apply/);
    assert.match(second.stdout, /Nothing changed\./);
    assert.equal(await count('instrument_module'), 6);
  });

  it('creates the database when it does not exist', async function () {
    await requireRealServer(this);
    const url = new URL(db.url);
    url.pathname = `${url.pathname}_created`;
    const r = runCli(['db', 'init', '--no-seed', '--json'], { url: url.toString() });
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
    const url = new URL(db.url);
    url.pathname = `${url.pathname}_race`;
    try {
      const runs = await Promise.all(
        Array.from({ length: 8 }, () => runCliAsync(['db', 'init', '--json'], { url: url.toString() })),
      );
      for (const r of runs) assert.equal(r.status, 0, r.stderr);
      const applied = runs.map((r) => r.json().migrationsApplied.length);
      assert.equal(applied.filter((n) => n > 0).length, 1, 'exactly one run applied the migrations');
      const status = runCli(['db', 'check', '--json'], { url: url.toString() });
      assert.equal(status.status, 0, status.stdout);
      const tel = runCli(['db', 'seed', '--json'], { url: url.toString() });
      assert.equal(tel.json().created, 0, 'the seed landed exactly once');
    } finally {
      await db.query(`drop database if exists ${url.pathname.slice(1)} with (force)`);
    }
  });

  it('refuses --drop without confirmation off a terminal, and in production', async () => {
    const noYes = runCli(['db', 'init', '--drop'], { url: db.url });
    assert.equal(noYes.status, 2);
    assert.match(noYes.stderr, /confirmation needed/);
    const prod = runCli(['db', 'init', '--drop', '--yes'], { url: db.url, env: { CCAT_OPS_ENV: 'production' } });
    assert.equal(prod.status, 1);
    assert.match(prod.stderr, /refused in the production environment/);
    assert.equal(await count('telescope'), 1, 'nothing was dropped');
  });

  it('rebuilds from empty with --drop --yes', async () => {
    await db.query(`update telescope set description = 'changed by an operator'`);
    const r = runCli(['db', 'init', '--drop', '--yes', '--json'], { url: db.url });
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
        const r = runCli(['db', 'seed', '--seed-dir', dir], { url: db.url });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, expected);
        assert.equal(r.stderr.trim().split('\n').length, 2, 'one error line and one hint');
        assert.equal(await count('observatory'), before, 'nothing from the run was left behind');
      });
    }
  });
});
