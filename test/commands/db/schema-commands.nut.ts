import assert from 'node:assert/strict';
import { runCli } from '../../helpers/run-cli.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops db status | migrate | check', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  const tableCount = async () =>
    Number((await db.query(`select count(*) as n from information_schema.tables where table_schema = 'public'`))[0].n);

  it('status exits 3 on an empty database and lists the pending migrations', () => {
    const r = runCli(['db', 'status', '--json'], { url: db.url });
    assert.equal(r.status, 3, r.stderr);
    const status = r.json();
    assert.ok(status.pending.length >= 1);
    assert.deepEqual(status.applied, []);
    assert.equal(status.inSync, false);
    assert.match(r.stderr, /migration\(s\) pending\nTry: apply them with `ccat-ops db migrate`/);
  });

  it('migrate --dry-run prints the SQL and applies nothing', async () => {
    const before = await tableCount();
    const r = runCli(['db', 'migrate', '--dry-run'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^-- Migration\d+_initial$/m);
    assert.match(r.stdout, /create table "observatory"/);
    assert.equal(await tableCount(), before);
  });

  it('migrate applies the pending migrations once; a second run is a no-op', async () => {
    const r = runCli(['db', 'migrate', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.json().migrations.length >= 1);
    assert.ok((await tableCount()) > 20);
    const again = runCli(['db', 'migrate'], { url: db.url });
    assert.equal(again.status, 0);
    assert.match(again.stdout, /no migration to apply/);
  });

  it('status and check exit 0 when the schema matches the entities', () => {
    const status = runCli(['db', 'status', '--json'], { url: db.url });
    assert.equal(status.status, 0, status.stderr);
    assert.equal(status.json().inSync, true);
    const check = runCli(['db', 'check'], { url: db.url });
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /matches the entities/);
  });

  it('status renders every output format and column choice', () => {
    const csv = runCli(['db', 'status', '--output', 'csv'], { url: db.url });
    assert.equal(csv.status, 0);
    assert.match(csv.stdout, /^name,state,executedAt\nMigration\d+_initial,applied,\d{4}-\d\d-\d\dT/);
    const ndjson = runCli(['db', 'status', '-o', 'ndjson', '--columns', 'name,state'], { url: db.url });
    const rows = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(rows[0].state, 'applied');
    const table = runCli(['db', 'status', '--columns', 'state,name'], { url: db.url });
    assert.match(table.stdout, /State\s+│\s+Migration/);
    assert.ok(!table.stdout.includes('\u001b['), 'no colour when piped');
    const bad = runCli(['db', 'status', '--columns', 'nope'], { url: db.url });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown column 'nope'\nTry: use one of: name, state, executedAt/);
    const badFormat = runCli(['db', 'status', '--output', 'xml'], { url: db.url });
    assert.equal(badFormat.status, 2);
  });

  it('check exits 3 and lists the differences when the database drifts from the entities', async () => {
    await db.query('alter table site add column extra integer');
    try {
      const r = runCli(['db', 'check', '--json'], { url: db.url });
      assert.equal(r.status, 3, r.stderr);
      assert.equal(r.json().inSync, false);
      assert.ok(r.json().differences.some((s: string) => /drop column "extra"/.test(s)));
      const status = runCli(['db', 'status'], { url: db.url });
      assert.equal(status.status, 3);
      assert.match(status.stderr, /differs from the entities/);
    } finally {
      await db.query('alter table site drop column extra');
    }
  });

  it('migrate down asks for confirmation, is refused in production, and reverts with --yes', async () => {
    const noYes = runCli(['db', 'migrate', 'down'], { url: db.url });
    assert.equal(noYes.status, 2);
    const prod = runCli(['db', 'migrate', 'down', '--yes'], { url: db.url, env: { CCAT_OPS_ENV: 'production' } });
    assert.equal(prod.status, 1);
    assert.match(prod.stderr, /refused in the production environment/);
    assert.ok((await tableCount()) > 20, 'nothing was reverted');
    const applied = async () =>
      (await db.query<{ name: string }>('select name from mikro_orm_migrations order by id')).map((m) => m.name);
    const before = await applied();
    const r = runCli(['db', 'migrate', 'down', '--yes', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().direction, 'down');
    assert.deepEqual(r.json().migrations, [before[before.length - 1]], 'one step: the last migration');
    assert.deepEqual(await applied(), before.slice(0, -1));
    const all = runCli(['db', 'migrate', 'down', '--steps', '10', '--yes', '--json'], { url: db.url });
    assert.equal(all.status, 0, all.stderr);
    assert.equal(await tableCount(), 1, 'only the migrations table is left');
  });
});
