import assert from 'node:assert/strict';
import { PACKAGE_SEALED_FOR_GOOD } from '../../entities/package-sealed-trigger.js';
import { MOVEMENT_RULES } from '../../src/db/data-rules/movement-rules.js';
import { PACKAGE_RULES } from '../../src/db/data-rules/package-rules.js';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';

const BEFORE = 'Migration20261201222854_staging_guard_by_job';
const MIGRATION = 'Migration20261202011530_movement_rules';

/**
 * The movement rules arrive on a database where another writer already left rows breaking them:
 * the migration applies, new writes are checked at once, the catalogue lists the old rows by a key
 * an operator knows, and once they are repaired the constraints validate.
 */
describe('movement rules on a database that already breaks them', function () {
  this.timeout(120_000);
  const db = useTestDatabase();

  /** Each rule, and the key its violations SQL must report for the bad row written below. */
  const EXPECTED: Record<string, string> = {
    data_transfer_completed_or_failed_has_finished_at: 'transfer 1',
    data_transfer_in_progress_has_started_at: 'transfer 5',
    data_transfer_finished_at_not_before_started_at: 'transfer 2',
    data_transfer_follows_route: 'transfer 3',
    long_term_archive_transfer_completed_or_failed_has_finished_at: 'archive transfer 3 (P3)',
    long_term_archive_transfer_in_progress_has_started_at: 'archive transfer 4 (P4)',
    long_term_archive_transfer_finished_at_not_before_started_at: 'archive transfer 1 (P1)',
    long_term_archive_transfer_destination_is_lta: 'archive transfer 2 (P2)',
    staging_job_completed_or_failed_has_finished_at: 'staging job 1',
    staging_job_in_progress_has_started_at: 'staging job 2',
    staging_job_finished_at_not_before_started_at: 'staging job 3',
    staging_job_destination_is_processing: 'staging job 4',
    staging_job_package_completed_or_failed_has_finished_at: 'staging job 1 package P1',
    staging_job_package_in_progress_has_started_at: 'staging job 2 package P2',
    staging_job_package_finished_at_not_before_started_at: 'staging job 3 package P1',
    staging_job_package_destination_is_processing: 'staging job 4 package P3',
    staging_job_package_goes_where_its_job_goes: 'staging job 2 package P4',
    data_transfer_route_custom_names_locations: 'custom_without_locations',
    data_transfer_route_locations_at_its_sites: 'misplaced_locations',
    raw_data_package_archived_has_archived_at: 'P3',
  };

  const BREAK = `
    update data_transfer set finished_at = null where id = 1;
    update data_transfer set started_at = null where id = 5;
    update data_transfer set started_at = finished_at + interval '1 hour' where id = 2;
    update data_transfer set destination_location_id = (select l.id from data_location l join site s on s.id = l.site_id
                                                         where s.short_name = 'us' and l.name = 'lta') where id = 3;
    update long_term_archive_transfer set finished_at = null where id = 3;
    update long_term_archive_transfer set status = 'in_progress', started_at = null where id = 4;
    update long_term_archive_transfer set started_at = finished_at + interval '1 hour' where id = 1;
    update long_term_archive_transfer set destination_location_id = (select l.id from data_location l join site s on s.id = l.site_id
                                                                       where s.short_name = 'us' and l.name = 'buffer') where id = 2;
    insert into staging_job (id, destination_location_id, requested_by, status, started_at, finished_at)
    select v.id, (select l.id from data_location l join site s on s.id = l.site_id where s.short_name || '/' || l.name = v.dest),
           'other-service', v.status, v.started::timestamptz, v.finished::timestamptz
      from (values (1, 'ramses/processing', 'completed', now() - interval '2 hours', null),
                   (2, 'ramses/processing', 'in_progress', null, null),
                   (3, 'ramses/processing', 'completed', now(), now() - interval '1 hour'),
                   (4, 'ccat/buffer', 'pending', null, null)) v(id, dest, status, started, finished);
    insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status, started_at, finished_at)
    select j.id, (select id from raw_data_package where name = v.pkg), j.destination_location_id, j.status, j.started_at, j.finished_at
      from (values (1, 'P1'), (2, 'P2'), (3, 'P1'), (4, 'P3')) v(job, pkg) join staging_job j on j.id = v.job;
    insert into data_location (site_id, name, location_type, storage_type, root_path)
    values ((select id from site where short_name = 'cologne'), 'processing', 'processing', 'disk', '/processing');
    insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status)
    values (2, (select id from raw_data_package where name = 'P4'),
            (select l.id from data_location l join site s on s.id = l.site_id where s.short_name = 'cologne' and l.name = 'processing'),
            'pending');
    insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method)
    values ('custom_without_locations', (select id from site where short_name = 'cologne'),
            (select id from site where short_name = 'us'), 'custom', 'rsync');
    insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method, origin_location_id, destination_location_id)
    select 'misplaced_locations', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'),
           'custom', 'rsync', o.id, d.id
      from data_location o, data_location d
     where o.id = (select l.id from data_location l join site s on s.id = l.site_id where s.short_name = 'us' and l.name = 'lta')
       and d.id = (select l.id from data_location l join site s on s.id = l.site_id where s.short_name = 'us' and l.name = 'buffer');
    update raw_data_package set state = 'archived' where name = 'P3';
  `;

  const REPAIR = `
    update data_transfer set finished_at = started_at + interval '2 hours' where id = 1;
    update data_transfer set started_at = now() - interval '3 hours' where id = 5;
    update data_transfer set started_at = finished_at - interval '2 hours' where id = 2;
    update data_transfer set destination_location_id = (select l.id from data_location l join site s on s.id = l.site_id
                                                         where s.short_name = 'cologne' and l.name = 'buffer') where id = 3;
    update long_term_archive_transfer set finished_at = now() - interval '5 hours' where id = 3;
    update long_term_archive_transfer set status = 'pending' where id = 4;
    update long_term_archive_transfer set started_at = finished_at - interval '1 hour' where id = 1;
    update long_term_archive_transfer set destination_location_id = (select l.id from data_location l join site s on s.id = l.site_id
                                                                       where s.short_name = 'cologne' and l.name = 'lta') where id = 2;
    delete from staging_job;
    update data_transfer_route set route_type = 'direct' where name = 'custom_without_locations';
    delete from data_transfer_route where name = 'misplaced_locations';
    update raw_data_package set state = 'waiting' where name = 'P3';
  `;

  const pending = async (rule: (typeof MOVEMENT_RULES)[number]) =>
    (await db.query<{ pending: boolean }>(rule.validate!.pending))[0].pending;

  before(async () => {
    // The fixture writes through today's entities, so it goes in on today's schema, taken back after.
    const orm = await db.orm();
    await loadOpsFixture(db);
    await orm.migrator.down({ to: BEFORE });
    await db.query(BREAK);
    packagesBefore = await db.query('select name, updated_at from raw_data_package order by name');
  });
  let packagesBefore: { name: string; updated_at: Date }[];

  it('the catalogue covers every rule the old rows break', () => {
    assert.deepEqual(MOVEMENT_RULES.map((r) => r.name).sort(), Object.keys(EXPECTED).sort());
  });

  it('the migration applies; the constraints the old rows break stay unvalidated, yet new writes are checked at once', async () => {
    const orm = await db.orm();
    const applied = (await orm.migrator.up()).map((m) => m.name);
    assert.ok(applied.includes(MIGRATION), applied.join(', '));
    for (const rule of MOVEMENT_RULES) if (rule.validate) assert.equal(await pending(rule), true, rule.name);
    await assert.rejects(db.query(`update data_transfer set finished_at = null where id = 2`), {
      code: '23514',
      constraint: 'data_transfer_completed_or_failed_has_finished_at',
    });
    await assert.rejects(db.query(`update raw_data_package set state = 'archived' where name = 'P4'`), {
      code: '23514',
      constraint: 'raw_data_package_archived_has_archived_at',
    });
  });

  it('the packages already sealed get sealed_at, updated_at kept, except a row an old rule break keeps from being written (listed)', async () => {
    const now = await db.query<{ name: string; sealed: boolean; updated_at: Date }>(
      'select name, sealed_at is not null as sealed, updated_at from raw_data_package order by name',
    );
    assert.deepEqual(
      now.map((p) => [p.name, p.sealed]),
      [
        ['P1', true],
        ['P2', true],
        ['P3', false], // archived without archived_at: updating it is refused until it is repaired
        ['P4', true],
      ],
    );
    assert.deepEqual(
      now.map((p) => [p.name, p.updated_at.getTime()]),
      packagesBefore.map((p) => [p.name, p.updated_at.getTime()]),
    );
    const rule = PACKAGE_RULES.find((r) => r.name === PACKAGE_SEALED_FOR_GOOD)!;
    assert.deepEqual(
      (await db.query<{ key: string; detail: string }>(rule.violations)).map((r) => [r.key, r.detail]),
      [['P3', 'no sealed_at, though it is archived']],
    );
  });

  it('the catalogue lists each old row that breaks a rule, by a key an operator knows', async () => {
    for (const rule of MOVEMENT_RULES) {
      const rows = await db.query<{ key: string; detail: string | null }>(rule.violations);
      assert.deepEqual(
        rows.map((r) => r.key),
        [EXPECTED[rule.name]],
        rule.name,
      );
    }
    const [route] = await db.query(MOVEMENT_RULES.find((r) => r.name === 'data_transfer_follows_route')!.violations);
    assert.equal(route.detail, 'on route ccat_to_cologne (ccat to cologne) but goes from ccat/buffer to us/lta');

    // What an operator runs: every old row, one line each, exit 3.
    const check = await runCommand(['db', 'check', '--data', '--output', 'csv'], { url: db.url });
    assert.equal(check.status, 3, check.stderr);
    const lines = check.stdout.trim().split('\n');
    assert.equal(lines[0], 'table,key,rule,problem,fix');
    for (const [rule, key] of Object.entries(EXPECTED)) {
      assert.ok(
        lines.some((l) => l.includes(`,${rule},`) && l.includes(key)),
        `${rule}: ${key} listed`,
      );
    }
    assert.match(
      check.stderr,
      /^Problem: \d+ existing row\(s\) break \d+ of \d+ lifecycle rule\(s\)\nTry: repair them/m,
    );
  });

  it('once the rows are repaired, nothing is listed and every constraint validates', async () => {
    await db.query(REPAIR);
    const validated = await runCommand(['db', 'check', '--data', '--validate', '--json'], { url: db.url });
    assert.equal(validated.status, 0, validated.stderr);
    assert.equal(validated.json().violations, 0);
    const done = new Set(validated.json().validated.map((v: { rule: string }) => v.rule));
    for (const rule of MOVEMENT_RULES) {
      assert.deepEqual(await db.query(rule.violations), [], rule.name);
      if (!rule.validate) continue;
      assert.ok(done.has(rule.name), `${rule.name} validated by db check --data --validate`);
      assert.equal(await pending(rule), false, rule.name);
    }
    const schema = await runCommand(['db', 'check'], { url: db.url });
    assert.equal(schema.status, 0, schema.stderr);
  });
});
