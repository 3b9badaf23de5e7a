import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops db status | migrate | check', function () {
  this.timeout(120_000);
  const db = useTestDatabase({ empty: true });
  const tableCount = async () =>
    Number((await db.query(`select count(*) as n from information_schema.tables where table_schema = 'public'`))[0].n);
  const applied = async () =>
    (await db.query<{ name: string }>('select name from mikro_orm_migrations order by id')).map((m) => m.name);
  /** What a user would compare before and after: the tables there are and the migrations applied. */
  const schemaState = async () => ({ tables: await tableCount(), applied: await applied() });

  it('status exits 3 on an empty database and lists the pending migrations', async () => {
    const r = await runCommand(['db', 'status', '--json'], { url: db.url });
    assert.equal(r.status, 3, r.stderr);
    const status = r.json();
    assert.ok(status.pending.length >= 1);
    assert.deepEqual(status.applied, []);
    assert.equal(status.inSync, false);
    assert.match(r.stderr, /migration\(s\) pending\nTry: apply them with `ccat-ops db migrate`/);
  });

  it('migrate --dry-run prints the SQL and applies nothing', async () => {
    const before = await tableCount();
    const r = await runCommand(['db', 'migrate', '--dry-run'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^-- Migration\d+_initial$/m);
    assert.match(r.stdout, /create table "observatory"/);
    assert.equal(await tableCount(), before);
  });

  it('migrate up refuses the flags of down (they used to be ignored) and applies nothing', async () => {
    const before = await schemaState();
    const runs = await Promise.all([
      runCommand(['db', 'migrate', 'up', '--steps', '3'], { url: db.url }),
      runCommand(['db', 'migrate', '--steps', '1'], { url: db.url }),
      runCommand(['db', 'migrate', 'up', '--to', 'Migration20261125115124_initial'], { url: db.url }),
    ]);
    for (const [r, flag] of [
      [runs[0], 'steps'],
      [runs[1], 'steps'],
      [runs[2], 'to'],
    ] as const) {
      assert.equal(r.status, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`^Error: --${flag} is for \`db migrate down\`; \`db migrate up\` applies every pending migration\n`),
      );
    }
    assert.deepEqual(await schemaState(), before, 'nothing was applied');
  });

  it('migrate applies the pending migrations once; a second run is a no-op', async () => {
    const r = await runCommand(['db', 'migrate', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.json().migrations.length >= 1);
    assert.ok((await tableCount()) > 20);
    const again = await runCommand(['db', 'migrate'], { url: db.url });
    assert.equal(again.status, 0);
    assert.match(again.stdout, /no migration to apply/);
  });

  it('status and check exit 0 when the schema matches the entities', async () => {
    const status = await runCommand(['db', 'status', '--json'], { url: db.url });
    assert.equal(status.status, 0, status.stderr);
    assert.equal(status.json().inSync, true);
    const check = await runCommand(['db', 'check'], { url: db.url });
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /matches the entities/);
  });

  it('status renders every output format and column choice', async () => {
    const csv = await runCommand(['db', 'status', '--output', 'csv'], { url: db.url });
    assert.equal(csv.status, 0);
    assert.match(csv.stdout, /^name,state,executedAt\nMigration\d+_initial,applied,\d{4}-\d\d-\d\dT/);
    const ndjson = await runCommand(['db', 'status', '-o', 'ndjson', '--columns', 'name,state'], { url: db.url });
    const rows = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(rows[0].state, 'applied');
    const table = await runCommand(['db', 'status', '--columns', 'state,name'], { url: db.url });
    assert.match(table.stdout, /State\s+│\s+Name/);
    const times = await runCommand(['db', 'status'], { url: db.url });
    assert.match(times.stdout, /│ applied │ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │/, 'the time it was applied, not "2m ago"');
    assert.match(times.stdout, /│ State +│ Executed at \(UTC\) +│/);
    assert.ok(!table.stdout.includes('\u001b['), 'no colour when piped');
    const bad = await runCommand(['db', 'status', '--columns', 'nope'], { url: db.url });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown column 'nope'\nTry: use one of: name, state, executedAt/);
    const badFormat = await runCommand(['db', 'status', '--output', 'xml'], { url: db.url });
    assert.equal(badFormat.status, 2);
  });

  it('check exits 3 and lists the differences when the database drifts from the entities', async () => {
    await db.query('alter table site add column extra integer');
    try {
      const r = await runCommand(['db', 'check', '--json'], { url: db.url });
      assert.equal(r.status, 3, r.stderr);
      assert.equal(r.json().inSync, false);
      assert.ok(r.json().differences.some((s: string) => /drop column "extra"/.test(s)));
      const status = await runCommand(['db', 'status'], { url: db.url });
      assert.equal(status.status, 3);
      assert.match(status.stderr, /differs from the entities/);
    } finally {
      await db.query('alter table site drop column extra');
    }
  });

  it('--json --verbose prints exactly one JSON document on stdout; the SQL goes to stderr', async () => {
    const ok = await runCommand(['db', 'status', '--json', '--verbose'], { url: db.url });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.json().inSync, true);
    assert.match(ok.stderr, /select/i, 'the SQL is still shown, on stderr');
    const failed = await runCommand(['db', 'migrate', 'down', '--to', 'nonexistent', '--json', '--verbose'], {
      url: db.url,
    });
    assert.equal(failed.status, 2);
    assert.equal(failed.json().error.exitCode, 2);
  });

  describe('migrate down', () => {
    let start: { tables: number; applied: string[] };
    before(async () => {
      start = await schemaState();
      assert.ok(start.applied.length >= 2, 'the tests below need two migrations applied');
    });

    it('refuses an unknown --to with the nearest names, exit 2, and reverts nothing', async () => {
      // It used to revert every migration and exit 0.
      const [unknown, typo] = await Promise.all([
        runCommand(['db', 'migrate', 'down', '--to', 'nonexistent', '--yes'], { url: db.url }),
        runCommand(['db', 'migrate', 'down', '--to', `${start.applied[0]}x`, '--yes'], { url: db.url }),
      ]);
      assert.equal(unknown.status, 2, unknown.stderr);
      assert.match(unknown.stderr, /^Error: --to: no migration 'nonexistent'; the nearest are Migration\d+_\w+, /);
      assert.match(unknown.stderr, /\nTry: `ccat-ops db status` lists every migration/);
      assert.equal(typo.status, 2);
      assert.match(typo.stderr, new RegExp(`the nearest are ${start.applied[0]},`));
      assert.deepEqual(await schemaState(), start, 'every table is still there');
    });

    it('refuses --steps with --to, and --steps 0, naming the flag', async () => {
      const [both, zero, missing] = await Promise.all([
        runCommand(['db', 'migrate', 'down', '--steps', '1', '--to', start.applied[0], '--yes'], { url: db.url }),
        runCommand(['db', 'migrate', 'down', '--steps', '0', '--yes'], { url: db.url }),
        runCommand(['db', 'migrate', 'down', '--yes', '--to'], { url: db.url }),
      ]);
      assert.equal(both.status, 2);
      assert.match(both.stderr, /^Error: --steps and --to cannot be used together; give one of them\n/);
      assert.equal(zero.status, 2);
      assert.match(zero.stderr, /^Error: --steps: must be at least 1 \(got 0\)\n/);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /^Error: --to: needs a value: revert every migration applied after this one/);
      assert.deepEqual(await schemaState(), start);
    });

    it('is refused in production, however the environment is spelled', async () => {
      const spellings: Record<string, string>[] = [
        { CCAT_OPS_ENV: 'production' },
        { CCAT_OPS_ENV: 'Production' },
        { CCAT_OPS_ENV: 'PRODUCTION' },
        { CCAT_OPS_ENV: 'prod' },
        { CCAT_OPS_ENV: ' production' },
        { ENV_FOR_DYNACONF: 'production' },
        { ENV_FOR_DYNACONF: 'Prod' },
      ];
      const runs = await Promise.all(
        spellings.map((env) => runCommand(['db', 'migrate', 'down', '--yes'], { url: db.url, env })),
      );
      runs.forEach((r, i) => {
        assert.equal(r.status, 1, `${JSON.stringify(spellings[i])}: ${r.stderr}`);
        assert.match(r.stderr, /^Error: db migrate down is refused in the production environment\n/);
      });
      assert.deepEqual(await schemaState(), start, 'nothing was reverted');
    });

    it('shows what it would drop and asks; off a terminal without --yes it reverts nothing', async () => {
      const last = start.applied[start.applied.length - 1];
      const r = await runCommand(['db', 'migrate', 'down'], { url: db.url });
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`^db migrate down reverts 1 migration:\\n  ${last}: drops `));
      assert.match(
        r.stderr,
        /\nError: Revert this migration, deleting what it drops with its data: confirmation needed\n/,
      );
      assert.deepEqual(await schemaState(), start);
    });

    it('--dry-run prints the SQL of the down migration and reverts nothing', async () => {
      const last = start.applied[start.applied.length - 1];
      const r = await runCommand(['db', 'migrate', 'down', '--dry-run'], { url: db.url });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^-- ${last}\\n[\\s\\S]+;\\n$`));
      assert.deepEqual(await schemaState(), start);
    });

    it('without --to or --steps reverts exactly the last migration', async () => {
      const r = await runCommand(['db', 'migrate', 'down', '--yes', '--json'], { url: db.url });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json().direction, 'down');
      assert.deepEqual(r.json().migrations, start.applied.slice(-1), 'one step: the last migration');
      assert.deepEqual(await applied(), start.applied.slice(0, -1));
    });

    it('--to NAME reverts every migration after NAME (given without prefix or with .ts), which stays', async () => {
      const [first, ...rest] = await applied();
      const r = await runCommand(
        ['db', 'migrate', 'down', '--to', `${first.replace(/^Migration/, '')}.ts`, '--yes', '--json'],
        {
          url: db.url,
        },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.json().migrations, rest.reverse(), 'newest first');
      assert.deepEqual(await applied(), [first]);
      const again = await runCommand(['db', 'migrate', 'down', '--to', first, '--yes'], { url: db.url });
      assert.equal(again.status, 0);
      assert.match(again.stdout, /^No migration to revert\.$/m);
      assert.deepEqual(await applied(), [first]);
    });

    it('refuses --to a migration that is not applied', async () => {
      const pending = start.applied[1];
      const r = await runCommand(['db', 'migrate', 'down', '--to', pending, '--yes'], { url: db.url });
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`^Error: --to: ${pending} is not applied, so there is nothing to revert`));
      assert.deepEqual(await applied(), [start.applied[0]]);
    });

    it('--steps N reverts at most N, naming the tables it drops', async () => {
      const r = await runCommand(['db', 'migrate', 'down', '--steps', '10', '--yes', '--json'], { url: db.url });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.json().migrations, [start.applied[0]]);
      assert.match(r.stderr, /drops tables .*\bobservatory\b/);
      assert.ok(r.json().drops[start.applied[0]].includes('table observatory'));
      assert.equal(await tableCount(), 1, 'only the migrations table is left');
    });
  });
});
