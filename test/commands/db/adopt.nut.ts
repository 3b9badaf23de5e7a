import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entities } from '../../../entities/index.js';
import { TRUNCATE_TRIGGERS } from '../../../entities/truncate-triggers.js';
import { shippedMigrations } from '../../../src/db/migration-files.js';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, EXECUTED } from '../../helpers/audit-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const FIXTURE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'alembic-ops-db.sql'), 'utf8');

/** Every table and column of the schema with its type, nullability and default, and every constraint and index. */
async function schemaOf(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ d: string }>(
    `select table_name || '.' || column_name || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') as d
       from information_schema.columns where table_schema = 'public'
     union all select 'constraint ' || conname from pg_constraint where connamespace = 'public'::regnamespace
     union all select 'index ' || indexname from pg_indexes where schemaname = 'public'
     order by 1`,
  );
  return rows.map((r) => r.d);
}

async function hasMigrationsTable(db: TestDatabase): Promise<boolean> {
  return (await db.query(`select to_regclass('mikro_orm_migrations') is not null as there`))[0]!.there as boolean;
}

describe('ccat-ops db adopt: taking over an ops-db the Python package (Alembic) created', function () {
  this.timeout(180_000);
  const db = useTestDatabase({ empty: true });
  let fixtureSchema: string[];

  before(async () => {
    await db.query(FIXTURE);
    fixtureSchema = await schemaOf(db);
  });

  it('db init and db migrate stop with exit 1, say what they found and point to db adopt, and write nothing', async () => {
    for (const args of [
      ['db', 'init'],
      ['db', 'migrate'],
      ['db', 'migrate', '--dry-run'],
    ]) {
      const r = await runCommand(args, { url: db.url });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /^Error: db (init|migrate|migrate --dry-run): found 9 ops-db tables and alembic_version 1a2b3c4d5e6f, but no ccat-ops migrations table \(mikro_orm_migrations\); nothing was changed\nTry: `ccat-ops db adopt` compares/,
      );
      assert.doesNotMatch(r.stdout, /Applied|Seeded|create table/);
    }
    assert.deepEqual(await schemaOf(db), fixtureSchema);
    assert.equal(await hasMigrationsTable(db), false);
    assert.equal((await db.query(`select count(*)::int as n from site`))[0]!.n, 2, 'nothing seeded');
  });

  it('--json prints the difference table by table and column by column, and changes nothing', async () => {
    const r = await runCommand(['db', 'adopt', '--json'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    const plan = r.json();
    assert.equal(plan.applied, false);
    assert.equal(plan.found.alembicVersion, '1a2b3c4d5e6f');
    assert.ok(plan.found.opsTables.includes('physical_copy'));
    const state = Object.fromEntries(plan.tables.map((t: { table: string; state: string }) => [t.table, t.state]));
    assert.equal(state.reduction_pipeline, 'theirs');
    assert.equal(state.alembic_version, 'theirs');
    assert.equal(state.raw_data_file, 'missing');
    assert.equal(state.telescope, 'differs');
    assert.equal(state.site, 'differs', 'its unique constraint is named differently');
    const find = (table: string, name: string) =>
      plan.differences.find((d: { table: string; name: string }) => d.table === table && d.name === name);
    assert.deepEqual(find('telescope', 'updated_at'), {
      table: 'telescope',
      kind: 'column',
      name: 'updated_at',
      ours: 'timestamptz not null default now()',
      theirs: null,
      action: 'add',
      reason: 'missing',
    });
    assert.equal(find('data_location', 'capacity_bytes').action, 'add');
    assert.equal(find('observatory', 'name').theirs, 'varchar(100) not null');
    assert.equal(find('observatory', 'name').ours, 'varchar(255) not null');
    assert.equal(find('observatory', 'name').action, 'change');
    assert.equal(find('data_location', 'location_type').theirs, 'enum locationtype not null');
    assert.equal(find('data_location', 'location_type').action, 'change');
    assert.equal(find('physical_copy', 'status').action, 'change');
    assert.match(find('site', 'site_short_name_unique').reason, /named differently \(theirs: site_short_name_key\)/);
    assert.match(
      find('telescope', 'telescope_observatory_id_foreign').reason,
      /named differently \(theirs: telescope_observatory_id_fkey\)/,
    );
    assert.equal(find('reduction_pipeline', 'reduction_pipeline').action, 'keep');
    assert.equal(find('', 'locationtype').action, 'keep');
    assert.deepEqual(plan.refused, []);
    assert.deepEqual(plan.migrations, shippedMigrations());
    assert.deepEqual(await schemaOf(db), fixtureSchema);
  });

  it('--sql prints the migration for review, dropping nothing of theirs, and writes nothing', async () => {
    const r = await runCommand(['db', 'adopt', '--sql'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^begin;\n/);
    assert.match(r.stdout, /\ncommit;\n$/);
    assert.match(r.stdout, /create table "raw_data_file"/);
    assert.match(r.stdout, /alter table "telescope" add "updated_at" timestamptz not null default now\(\)/);
    assert.match(r.stdout, /alter column "location_type" type text using \("location_type"::text\)/);
    assert.match(r.stdout, /insert into "mikro_orm_migrations" \("name"\) values\n {2}\('Migration\d{14}_initial'\)/);
    assert.doesNotMatch(r.stdout, /drop table|drop column|drop type|drop function/i);
    assert.match(r.stderr, /Found 9 ops-db tables and alembic_version 1a2b3c4d5e6f/);
    assert.deepEqual(await schemaOf(db), fixtureSchema);
    assert.equal(await hasMigrationsTable(db), false);
  });

  it('without --yes and without a terminal it asks for --yes (exit 2) and writes nothing', async () => {
    const r = await runCommand(['db', 'adopt'], { url: db.url });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /confirmation needed\nTry: re-run with --yes to confirm/);
    assert.deepEqual(await schemaOf(db), fixtureSchema);
  });

  it('--yes applies it in one transaction: rows survive, our migrations are recorded, db migrate and db check agree', async () => {
    const r = await runCommand(['db', 'adopt', '--yes'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Took over the ops-db/);

    const [fyst] = await db.query(`select name, latitude_deg, updated_at is not null as stamped from telescope`);
    assert.deepEqual(fyst, { name: 'FYST', latitude_deg: -22.986, stamped: true });
    assert.deepEqual(
      await db.query(`select location_type, storage_type, capacity_bytes from data_location order by id`),
      [
        { location_type: 'buffer', storage_type: 'disk', capacity_bytes: null },
        { location_type: 'buffer', storage_type: 'disk', capacity_bytes: null },
      ],
    );
    assert.deepEqual(await db.query(`select copy_type, status from physical_copy order by id`), [
      { copy_type: 'data_transfer_package', status: 'present' },
      { copy_type: 'data_transfer_package', status: 'present' },
    ]);
    assert.deepEqual(await db.query(`select name, version from reduction_pipeline`), [
      { name: 'chai-pipeline', version: '0.3' },
    ]);
    assert.deepEqual(await db.query(`select version_num from alembic_version`), [{ version_num: '1a2b3c4d5e6f' }]);
    const recorded = (await db.query<{ name: string }>(`select name from mikro_orm_migrations order by id`)).map(
      (m) => m.name,
    );
    assert.deepEqual(recorded, shippedMigrations());

    const migrate = await runCommand(['db', 'migrate'], { url: db.url });
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /Schema is up to date: no migration to apply\./);
    const check = await runCommand(['db', 'check'], { url: db.url });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /The database matches the entities\./);
    // Every trigger of ours is there (the schema comparison knows triggers by name only); one name,
    // updated_at_on_update, stands on many tables, so the names are counted.
    const count = (names: string[]) => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
    const present = count(
      (await db.query<{ name: string }>(`select tgname as name from pg_trigger where not tgisinternal`)).map(
        (t) => t.name,
      ),
    );
    const ours = count(entities.flatMap((e) => (e.meta.triggers ?? []).map((t) => t.name ?? '')));
    const missing = [...ours].filter(([name, n]) => (present.get(name) ?? 0) < n).map(([name]) => name);
    assert.deepEqual(missing, [], 'triggers of ours that adopt did not create');
    assert.deepEqual(
      TRUNCATE_TRIGGERS.filter((t) => !present.has(t.name)).map((t) => t.name),
      [],
      'TRUNCATE triggers (which the schema comparison cannot see) that adopt did not create',
    );
    // Our rules hold on the adopted tables: a copy marked deleted without deleted_at is refused.
    await assert.rejects(
      db.query(`update physical_copy set status = 'deleted' where id = 1`),
      /physical_copy_deleted_iff_deleted_at/,
    );

    const again = await runCommand(['db', 'adopt', '--yes'], { url: db.url });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already managed by ccat-ops \(\d+ migrations recorded\): nothing to adopt/);
  });
});

describe('ccat-ops db adopt refuses what would lose data', function () {
  this.timeout(180_000);
  const db = useTestDatabase({ empty: true });

  before(async () => {
    await db.query(FIXTURE);
    // Theirs is wider than ours (varchar(64)) and holds a longer value; theirs allows nulls where ours does not.
    await db.query(`alter table site alter column short_name type varchar(200)`);
    await db.query(`insert into site (short_name, name) values (repeat('x', 80), 'A site with a long short name')`);
    await db.query(`alter table instrument alter column instrument_type drop not null`);
    await db.query(`insert into instrument (telescope_id, name) values (1, 'Prime-Cam')`);
  });

  it('lists each refused difference with its rows, exits 1 and changes nothing', async () => {
    const unchanged = await schemaOf(db);
    const r = await runCommand(['db', 'adopt', '--yes'], { url: db.url });
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /^Error: db adopt refuses: 2 difference\(s\) would lose data \(instrument\.instrument_type, site\.short_name\); nothing was changed\nTry: /m,
    );
    assert.match(r.stdout, /instrument_type.*NOT NULL, but 1 row\(s\) are null/);
    assert.match(r.stdout, /short_name.*ours is narrower: varchar\(200\) → varchar\(64\)/);
    assert.deepEqual(await schemaOf(db), unchanged);
    assert.equal(await hasMigrationsTable(db), false);

    const json = await runCommand(['db', 'adopt', '--json'], { url: db.url });
    assert.equal(json.status, 1, json.stderr);
    const refused = json
      .json()
      .refused.map((d: { table: string; name: string; rows: number }) => [d.table, d.name, d.rows]);
    assert.deepEqual(refused, [
      ['instrument', 'instrument_type', 1],
      ['site', 'short_name', 1],
    ]);
    assert.equal(json.json().sql, '');
  });

  it('rolls everything back when an old row breaks a rule of ours, and applies once the row is repaired', async () => {
    await db.query(`update instrument set instrument_type = 'continuum camera' where instrument_type is null`);
    await db.query(`delete from site where length(short_name) > 64`);
    await db.query(`alter table site alter column short_name type varchar(64)`);
    await db.query(`update physical_copy set status = 'deleted' where id = 2`);
    const unchanged = await schemaOf(db);
    const r = await runCommand(['db', 'adopt', '--yes'], { url: db.url });
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /^Error: db adopt stopped at a statement, and nothing was changed: .*physical_copy_deleted_iff_deleted_at.*\nTry: repair the rows that break physical_copy_deleted_iff_deleted_at/m,
    );
    assert.deepEqual(await schemaOf(db), unchanged);
    assert.equal(await hasMigrationsTable(db), false);

    await db.query(`update physical_copy set deleted_at = now() where id = 2`);
    const ok = await runCommand(['db', 'adopt', '--yes'], { url: db.url });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((await db.query(`select count(*)::int as n from instrument`))[0]!.n, 2);
  });
});

describe('ccat-ops db init --drop on an ops-db the Python package created', function () {
  this.timeout(180_000);
  const db = useTestDatabase({ empty: true });

  it('still drops the ops-db tables and rebuilds them from empty, keeping the tables that are not ours', async () => {
    await db.query(FIXTURE);
    const r = await runCommand(['db', 'init', '--drop', '--yes'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Dropped every ops-db table\./);
    assert.equal((await db.query(`select count(*)::int as n from observatory`))[0]!.n, 1, 'seeded anew');
    assert.deepEqual(await db.query(`select name from reduction_pipeline`), [{ name: 'chai-pipeline' }]);
    assert.equal(await hasMigrationsTable(db), true);
  });
});

describe('ccat-ops db adopt: packages sealed before the take-over', function () {
  this.timeout(180_000);
  const db = useTestDatabase();

  before(async () => {
    await seedDatabase((await db.em()) as never);
    await auditPlace(db, 'adopt-sealed'); // the obs unit and EXECUTED
    const module = `(select m.id from instrument_module m join instrument i on i.id = m.instrument_id where i.name = 'CHAI' and m.name = 'LFA')`;
    await db.query(
      `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, state, status, archived_at) values
         ('P-ARCHIVED', $1, ${module}, 'a.tar', 'archived', 'completed', now()),
         ('P-OPEN', $1, ${module}, 'o.tar', 'waiting', 'pending', null)`,
      [EXECUTED],
    );
    // The same schema as another tool would have made it before sealed_at existed: no column, no
    // migrations of ours recorded, Alembic's version table.
    await db.query(`alter table raw_data_package drop column sealed_at cascade;
                    drop table mikro_orm_migrations;
                    create table alembic_version (version_num varchar(32) primary key);
                    insert into alembic_version values ('1a2b3c4d5e6f')`);
  });

  it('records when the sealed ones were sealed, so db check --data lists none of them', async () => {
    const before = await db.query<{ updated: string }>(
      `select updated_at::text as updated from raw_data_package order by name`,
    );
    const r = await runCommand(['db', 'adopt', '--yes'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      await db.query(
        `select name, sealed_at is not null as sealed, updated_at::text as updated from raw_data_package order by name`,
      ),
      [
        { name: 'P-ARCHIVED', sealed: true, updated: before[0].updated },
        { name: 'P-OPEN', sealed: false, updated: before[1].updated },
      ],
    );
    const check = await runCommand(['db', 'check', '--data', '--json'], { url: db.url });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /P-ARCHIVED/);
  });
});
