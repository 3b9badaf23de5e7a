import assert from 'node:assert/strict';
import { GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops staging list, show, cancel, wait, and the processing copies it protects', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const stage = async (...args: string[]) => {
    const r = await cli('staging', 'request', '--to', 'ramses/processing', ...args, '--yes', '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().job as number;
  };
  const setStatus = (job: number, name: string, status: string, bytes = 0) =>
    db.query(
      `update staging_job_package set status = $3, bytes_transferred = $4,
              started_at = case when $3 in ('in_progress', 'completed', 'failed') then coalesce(started_at, now()) end,
              finished_at = case when $3 in ('completed', 'failed') then now() end
        where staging_job_id = $1 and raw_data_package_id = (select id from raw_data_package where name = $2)`,
      [job, name, status, bytes],
    );
  let job: number;

  before(async () => {
    await loadOpsFixture(db);
    job = await stage('P1', 'P2', '--requested-by', 'alice', '--reason', 'CO43 maps');
  });

  it('lists jobs with their package counts, filtered by status, destination and requester', async () => {
    const r = await cli('staging', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const [row] = r.json().items;
    assert.equal(row.id, job);
    assert.equal(row.destination, 'ramses/processing');
    assert.equal(row.requestedBy, 'alice');
    assert.equal(row.reason, 'CO43 maps');
    assert.deepEqual([row.packages, row.pending, row.completed], [2, 2, 0]);
    assert.equal(row.sizeBytes, 30 * GB);
    const ids = async (...args: string[]) =>
      (await cli('staging', 'list', ...args, '--json')).json().items.map((j: { id: number }) => j.id);
    assert.deepEqual(await ids('--requested-by', 'alice', '--status', 'pending'), [job]);
    assert.deepEqual(await ids('--requested-by', 'bob'), []);
    assert.deepEqual(await ids('--older-than', '1h'), []);
    assert.deepEqual(await ids('--destination', 'ramses/processing'), [job]);
    const bad = await cli('staging', 'list', '--status', 'paused');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /one of: pending, scheduled, in_progress, completed, failed, cancelled/);
  });

  it('shows each package with its origin archive, status and progress', async () => {
    await setStatus(job, 'P2', 'in_progress', 5 * GB);
    const r = await cli('staging', 'show', String(job), '--json');
    assert.equal(r.status, 0, r.stderr);
    const pkgs = r.json().packageList;
    assert.deepEqual(
      pkgs.map((p: { package: string; origin: string; status: string; progress: number }) => [
        p.package,
        p.origin,
        p.status,
        p.progress,
      ]),
      [
        ['P1', 'cologne/lta', 'pending', 0],
        ['P2', 'cologne/lta', 'in_progress', 25],
      ],
    );
    const table = await cli('staging', 'show', String(job));
    assert.match(table.stdout, /Packages \(2\)/);
    assert.match(table.stdout, /25%/);
    const missing = await cli('staging', 'show', '999');
    assert.equal(missing.status, 4);
    assert.match(missing.stderr, /no staging job 999/);
  });

  it('protects the processing copies an active staging job needs from deletion', async () => {
    await db.query(`insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status)
                    select 'raw_data_package', p.id, l.id, 'staged' from raw_data_package p, data_location l
                     where p.name = 'P2' and l.name = 'processing'`);
    const copy = `(select c.id from physical_copy c join data_location l on l.id = c.data_location_id
                     join raw_data_package p on p.id = c.raw_data_package_id where p.name = 'P2' and l.name = 'processing')`;
    await assert.rejects(
      db.query(`update physical_copy set status = 'deletion_scheduled' where id = ${copy}`),
      /needed by an active staging job and cannot be deleted/,
    );
    await assert.rejects(db.query(`delete from physical_copy where id = ${copy}`), /needed by an active staging job/);
    await assert.rejects(
      db.query(`update physical_copy set status = 'deleted', deleted_at = now() where id = ${copy}`),
      /active staging job/,
    );
    // Other copies of the same package are not protected by it.
    await db.query(`update physical_copy set verified_at = now() where id = ${copy}`);
    await setStatus(job, 'P2', 'completed', 20 * GB);
    await db.query(`update physical_copy set status = 'deletion_scheduled' where id = ${copy}`);
    const [row] = await db.query<{ status: string }>(`select status from physical_copy where id = ${copy}`);
    assert.equal(row.status, 'deletion_scheduled');
  });

  it('cancel needs confirmation off a terminal, then cancels pending work and reports work in progress', async () => {
    const other = await stage('P1');
    assert.equal(other, null, 'P1 is already in an active job');
    await setStatus(job, 'P2', 'in_progress', GB);
    const refused = await cli('staging', 'cancel', String(job));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /confirmation needed/);
    const dry = await cli('staging', 'cancel', String(job), '--dry-run');
    assert.match(dry.stdout, /Would cancel 1 package\(s\)/);
    const r = await cli('staging', 'cancel', String(job), '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /1 package\(s\) in progress were not stopped: P2\./);
    assert.match(r.stdout, /Cancelled 1 package\(s\) of staging job \d+; the job is pending\./);
    const rows = await db.query<{ name: string; status: string; error_message: string | null }>(
      `select p.name, jp.status, jp.error_message from staging_job_package jp
         join raw_data_package p on p.id = jp.raw_data_package_id where jp.staging_job_id = $1 order by p.name`,
      [job],
    );
    assert.deepEqual(
      rows.map((x) => [x.name, x.status]),
      [
        ['P1', 'cancelled'],
        ['P2', 'in_progress'],
      ],
    );
    assert.match(rows[0].error_message!, /^cancelled by /);
    const again = await cli('staging', 'cancel', String(job), '--yes');
    assert.equal(again.status, 0);
    assert.match(again.stdout, /nothing pending or scheduled to cancel; nothing changed/);
    assert.equal((await cli('staging', 'cancel', '999', '--yes')).status, 4);
    assert.equal((await cli('staging', 'cancel', 'x', '--yes')).status, 2);
  });

  it('wait: exit 75 on timeout, 3 when partially completed, 1 when nothing completed, 0 when all did', async () => {
    const timeout = await cli('staging', 'wait', String(job), '--timeout', '1s', '--interval', '200ms');
    assert.equal(timeout.status, 75);
    assert.match(timeout.stderr, /did not finish within 1s/);
    const waiting = runCommand(['staging', 'wait', String(job), '--timeout', '1m', '--interval', '300ms', '--json'], {
      url: db.url,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await setStatus(job, 'P2', 'completed', 20 * GB);
    const partial = await waiting;
    assert.equal(partial.status, 3, partial.stderr);
    assert.equal(partial.json().outcome, 'partial');

    const all = await stage('P1');
    await setStatus(all, 'P1', 'completed', 10 * GB);
    const ok = await cli('staging', 'wait', String(all), '--interval', '100ms');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Staging job \d+ completed\./);

    const none = await stage('P1');
    await setStatus(none, 'P1', 'failed');
    const failed = await cli('staging', 'wait', String(none), '--interval', '100ms');
    assert.equal(failed.status, 1);
    assert.match(failed.stdout, /Staging job \d+ failed\./);
    const bad = await cli('staging', 'wait', String(none), '--timeout', 'forever');
    assert.equal(bad.status, 2);
  });
});
