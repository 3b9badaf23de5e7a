import assert from 'node:assert/strict';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { checkData, validateRules } from '../../src/db/data-check.js';
import { EXECUTION_RULES } from '../../src/db/data-rules/execution-rules.js';
import { DATA_RULES } from '../../src/db/data-rules/index.js';
import { ormOptions } from '../../src/db/orm-config.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** The migration before the one adding the lifecycle constraint. */
const BEFORE_RULE = 'Migration20261201222854_staging_guard_by_job';
const RULE = 'executed_obs_unit_end_time_null_while_running';

const REFERENCE_SQL = `
insert into observing_program (short_name, name) values ('P', 'Programme');
insert into obs_mode (name) values ('otf');
insert into source (name, source_type, ra_deg, dec_deg) values ('s', 'fixed', 1, 2);
insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
  select 'ou', (select id from observing_program), (select id from source), (select id from obs_mode);`;

/**
 * The lifecycle of an executed obs unit as PostgreSQL enforces it for every writer: no end time
 * exactly while running, and an end at or after the start. Written with plain SQL through a
 * connection of its own, as another service would.
 */
describe('executed obs unit lifecycle rules', function () {
  this.timeout(120_000);
  let sql: pg.Client;
  // Registered before the database's own `after`, which drops it.
  after(() => sql?.end());
  const db = useTestDatabase({ empty: true });
  const insert = (status: string, end: string | null) =>
    sql.query(
      `insert into executed_obs_unit (obs_unit_id, status, start_time, end_time)
       values ((select id from obs_unit), $1, '2026-01-01T10:00Z', $2) returning id::text`,
      [status, end],
    );
  const convalidated = async () =>
    (await db.query<{ v: boolean }>(`select convalidated as v from pg_constraint where conname = $1`, [RULE]))[0].v;

  before(async () => {
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  it('the migration applies over old rows that break the rule, leaving it to check new writes only', async () => {
    const orm = await MikroORM.init(ormOptions({ clientUrl: db.url }));
    try {
      await orm.migrator.up({ to: BEFORE_RULE });
      await sql.query(REFERENCE_SQL);
      await insert('completed', null); // ended, with no end time
      await insert('running', '2026-01-01T11:00Z'); // running, with an end time
      await insert('completed', '2026-01-01T11:00Z'); // fine
      await orm.migrator.up();
    } finally {
      await orm.close(true);
    }
    assert.equal(await convalidated(), false, 'old rows break it: not validated');
    await assert.rejects(insert('failed', null), (err: { constraint?: string; code?: string }) => {
      assert.equal(err.constraint, RULE);
      assert.equal(err.code, '23514');
      return true;
    });
  });

  it('db check --data lists the old rows breaking it, and validates the rule once they are repaired', async () => {
    assert.ok(
      DATA_RULES.some((r) => r.name === RULE),
      'in the catalogue',
    );
    const [report, times] = await checkData(sql, 10, EXECUTION_RULES);
    assert.equal(report.rule, RULE);
    assert.equal(report.violations, 2);
    assert.deepEqual(
      // Both started at the same time: listed in id order, and the ids are random UUIDs.
      report.rows.map((r) => r.problem?.replace(/ with end time .*/, ' with end time …')).sort(),
      ['completed, with no end time', 'running, with end time …'],
    );
    assert.equal(report.oldRowsChecked, false);
    assert.equal(times.rule, 'executed_obs_unit_time_check');
    assert.equal(times.violations, 0);
    assert.equal(times.oldRowsChecked, true);

    assert.deepEqual(await validateRules(sql, EXECUTION_RULES), [{ rule: RULE, outcome: 'broken', violations: 2 }]);
    await sql.query(`update executed_obs_unit set end_time = start_time + interval '1 hour'
                      where status <> 'running' and end_time is null`);
    await sql.query(`update executed_obs_unit set status = 'aborted' where status = 'running'`);
    assert.deepEqual(await validateRules(sql, EXECUTION_RULES), [{ rule: RULE, outcome: 'validated', violations: 0 }]);
    assert.equal(await convalidated(), true);
    const [after] = await checkData(sql, 10, EXECUTION_RULES);
    assert.equal(after.violations, 0);
    assert.equal(after.oldRowsChecked, true);
  });

  it('refuses every state outside the lifecycle and allows the transitions of it', async () => {
    const refused = async (work: Promise<unknown>, constraint: string) =>
      assert.rejects(work, (err: { constraint?: string }) => {
        assert.equal(err.constraint, constraint);
        return true;
      });
    await refused(insert('running', '2026-01-01T11:00Z'), RULE);
    await refused(insert('completed', null), RULE);
    await refused(insert('aborted', null), RULE);
    await refused(insert('completed', '2026-01-01T09:00Z'), 'executed_obs_unit_time_check');

    const {
      rows: [{ id }],
    } = await insert('running', null);
    await refused(sql.query(`update executed_obs_unit set status = 'completed' where id = $1`, [id]), RULE);
    await refused(sql.query(`update executed_obs_unit set end_time = '2026-01-01T11:00Z' where id = $1`, [id]), RULE);
    await sql.query(`update executed_obs_unit set status = 'failed', end_time = '2026-01-01T10:30Z' where id = $1`, [
      id,
    ]);
    await refused(sql.query(`update executed_obs_unit set end_time = null where id = $1`, [id]), RULE);
    await insert('completed', '2026-01-01T10:00Z'); // ends when it starts
    const [{ n }] = await db.query<{ n: string }>(
      `select count(*) as n from executed_obs_unit where (status = 'running') <> (end_time is null)`,
    );
    assert.equal(Number(n), 0);
  });
});
