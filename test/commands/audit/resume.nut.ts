import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, placeFiles, someFiles, type AuditPlace } from '../../helpers/audit-fixture.js';
import { runCliAsync, startCli } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops audit copies: sample, budget, resumption after SIGKILL, locking, sharding, --mark-missing', function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const audit = (place: AuditPlace, ...args: string[]) =>
    cli('audit', 'copies', '--location', place.key, ...args, '--json');
  const runs = (place: AuditPlace) =>
    db.query<{ id: string; status: string; checked: number; stop: string | null }>(
      `select id::text, status, checked::int, stop_reason as stop from audit_run where data_location_id = $1 order by audit_run.id`,
      [place.id],
    );

  before(async () => {
    await seedDatabase((await db.em()) as never);
  });

  it('--sample verifies the copies verified longest ago first, and the next sample moves on', async () => {
    const place = await auditPlace(db, 'sample');
    const files = someFiles(8, 100, 's').map((f, i) => ({
      ...f,
      // f0000–f0003 never verified; f0004–f0007 verified 4, 3, 2, 1 days ago.
      verifiedAt: i < 4 ? undefined : new Date(Date.now() - (8 - i) * 86_400_000).toISOString(),
    }));
    const copy = await placeFiles(db, place, files);
    const verifiedNow = async () =>
      (
        await db.query<{ id: string }>(
          `select id::text from physical_copy where data_location_id = $1 and verified_at > now() - interval '1 hour' order by physical_copy.id`,
          [place.id],
        )
      ).map((r) => r.id);
    const first = await audit(place, '--mode', 'checksum', '--sample', '50%');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.json().checked, 4);
    assert.deepEqual(
      await verifiedNow(),
      ['s/f0000.dat', 's/f0001.dat', 's/f0002.dat', 's/f0003.dat'].map((p) => copy[p]),
    );
    const second = await audit(place, '--mode', 'checksum', '--sample', '25%');
    assert.equal(second.json().checked, 2);
    assert.equal((await verifiedNow()).length, 6);
    assert.ok(
      (await verifiedNow()).includes(copy['s/f0004.dat']) && (await verifiedNow()).includes(copy['s/f0005.dat']),
    );
    const coverage = (await cli('audit', 'runs', '--location', place.key, '--json')).json();
    assert.equal(coverage.locations[0].copies, 8);
    assert.equal(coverage.locations[0].neverVerified, 0);
    assert.equal(new Date(coverage.locations[0].oldestVerifiedAt).getTime() < Date.now() - 1.5 * 86_400_000, true);
    assert.deepEqual(
      coverage.items.map((r: { status: string; checked: number }) => [r.status, r.checked]),
      [
        ['completed', 2],
        ['completed', 4],
      ],
    );
  });

  it('--budget stops cleanly; the next audit resumes the run and checks only what is left', async () => {
    const place = await auditPlace(db, 'budget');
    await placeFiles(db, place, someFiles(60, 20_000, 'b'));
    const paused = await audit(
      place,
      '--mode',
      'checksum',
      '--budget',
      '1ms',
      '--batch-size',
      '5',
      '--concurrency',
      '1',
      '--workers',
      '1',
    );
    assert.equal(paused.status, 0, paused.stderr);
    const p = paused.json();
    assert.equal(p.stopped, 'budget');
    assert.equal(p.status, 'running');
    assert.ok(p.checked < 60, `checked ${p.checked}`);
    const resumed = await audit(place, '--mode', 'checksum');
    assert.equal(resumed.status, 0, resumed.stderr);
    const r = resumed.json();
    assert.equal(r.run, p.run);
    assert.equal(r.resumed, true);
    assert.equal(r.status, 'completed');
    assert.equal(r.checked, 60);
    assert.equal(r.here.checked, 60 - p.checked);
    assert.equal(r.ok, 60);
  });

  it('a run killed (SIGKILL) at random points is resumed: every copy checked once, no finding lost or duplicated', async () => {
    const place = await auditPlace(db, 'killed');
    const files = someFiles(300, 1024 * 1024, 'k');
    await placeFiles(db, place, files);
    for (const i of [17, 123, 250]) rmSync(join(place.root, files[i].path));
    writeFileSync(join(place.root, files[200].path), Buffer.alloc(1024 * 1024, 'x'));
    const args = ['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--batch-size', '10'];
    let kills = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const { child, exited } = startCli([...args, '--concurrency', '1', '--workers', '1'], { url: db.url });
      let code: number | null | undefined;
      void exited.then((c) => (code = c));
      // Kill it at a random point of its work: once it has recorded somewhere between 0 and 240 more checks.
      const [before] = await runs(place);
      const point = (before?.checked ?? 0) + Math.floor(Math.random() * 240);
      for (;;) {
        if (code !== undefined) break;
        const [run] = await runs(place);
        if (run && run.checked >= point) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      if (code !== undefined) break; // it finished before the kill
      child.kill('SIGKILL');
      await exited;
      kills += 1;
      // Under load the kill can land after the run completed but before the process ended: a new
      // attempt would then start a second run, which is right, so the test stops there instead.
      if ((await runs(place)).at(-1)?.status !== 'running') break;
    }
    assert.ok(kills > 0, 'the audit was never killed mid-run');
    if ((await runs(place))[0].status === 'running') {
      const last = await audit(place, '--mode', 'checksum');
      assert.equal(last.status, 3, last.stderr);
      assert.equal(last.json().resumed, true);
    }
    const all = await runs(place);
    assert.equal(all.length, 1, 'one run, resumed each time');
    assert.equal(all[0].status, 'completed');
    const [s] = await db.query<{ checked: number; ok: number; missing: number; checksum_mismatch: number }>(
      `select checked::int, ok::int, missing::int, checksum_mismatch::int from audit_run where id = $1`,
      [all[0].id],
    );
    assert.equal(s.checked, 300, 'every copy counted exactly once');
    assert.equal(s.ok, 296);
    assert.deepEqual([s.missing, s.checksum_mismatch], [3, 1]);
    const findings = await db.query<{ kind: string; n: number }>(
      `select kind, count(*)::int as n from audit_finding where data_location_id = $1 group by kind order by kind`,
      [place.id],
    );
    assert.deepEqual(findings, [
      { kind: 'checksum_mismatch', n: 1 },
      { kind: 'missing', n: 3 },
    ]);
    const [{ n: unverified }] = await db.query<{ n: number }>(
      `select count(*)::int as n from physical_copy where data_location_id = $1 and verified_at is null`,
      [place.id],
    );
    assert.equal(unverified, 4);
    const [{ n: batches }] = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_batch where run_id = $1`,
      [all[0].id],
    );
    assert.equal(batches, 0);
  });

  it('SIGTERM stops cleanly (exit 1) and leaves the run for the next audit', async () => {
    const place = await auditPlace(db, 'termed');
    await placeFiles(db, place, someFiles(200, 256 * 1024, 't'));
    const termed = startCli(
      ['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--batch-size', '5', '--concurrency', '1'],
      { url: db.url },
    );
    // Wait until it has recorded a batch, then ask it to stop.
    for (let i = 0; i < 100; i++) {
      const [run] = await runs(place);
      if (run && run.checked > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    termed.child.kill('SIGTERM');
    const code = await termed.exited;
    const [run] = await runs(place);
    if (run.status === 'completed') return; // finished in the meantime: nothing to resume
    assert.equal(code, 1, termed.stderr());
    assert.match(termed.stderr(), /Interrupted; audit run \d+ stays open/);
    assert.equal(run.stop, 'interrupted');
    const resumed = await audit(place, '--mode', 'checksum');
    assert.equal(resumed.json().resumed, true);
    assert.equal(resumed.json().checked, 200);
  });

  it('one audit per location: a second exits 75 at once, or waits with --wait', async () => {
    const place = await auditPlace(db, 'locked');
    await placeFiles(db, place, someFiles(3, 10, 'l'));
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock(7310, $1)', [place.id]);
      const busy = await audit(place);
      assert.equal(busy.status, 75);
      assert.match(busy.stderr, /another audit of cologne\/locked is running/);
      const waiting = runCommand(['audit', 'copies', '--location', place.key, '--wait', '--json'], { url: db.url });
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await runs(place)).length, 0, 'the waiting audit has not started');
      await holder.query('select pg_advisory_unlock(7310, $1)', [place.id]);
      const done = await waiting;
      assert.equal(done.status, 0, done.stderr);
      assert.equal(done.json().checked, 3);
    } finally {
      await holder.end();
    }
  });

  it('two --shard audits share one run; a dead worker’s batch is taken over', async () => {
    const place = await auditPlace(db, 'sharded');
    const copy = await placeFiles(db, place, someFiles(120, 64 * 1024, 'h'));
    rmSync(join(place.root, 'h/f0000.dat'));
    // A run left by a dead host, holding a claimed batch whose heartbeat stopped long ago.
    const [dead] = await db.query<{ id: string }>(
      `insert into audit_run (data_location_id, mode, host, pid, params, planned, allocated, cursor, heartbeat_at)
       values ($1, 'checksum', 'deadhost', 1, '{"dark": false, "darkMinAgeMs": 86400000}', 120, 2, $2, now() - interval '1 hour')
       returning id::text`,
      [place.id, `n|${copy['h/f0001.dat']}`],
    );
    await db.query(
      `insert into audit_batch (run_id, kind, status, copy_ids, worker, heartbeat_at)
       values ($1, 'copies', 'claimed', $2::bigint[], 'deadhost:1/1', now() - interval '1 hour')`,
      [dead.id, [copy['h/f0000.dat'], copy['h/f0001.dat']]],
    );
    const shard = () =>
      runCliAsync(
        [
          'audit',
          'copies',
          '--location',
          place.key,
          '--mode',
          'checksum',
          '--shard',
          // The dead batch is an hour old; a live one is not taken from a loaded machine's slow worker.
          '--stale-after',
          '60s',
          '--batch-size',
          '4',
          '--workers',
          '2',
          '--json',
        ],
        { url: db.url },
      );
    const [a, b] = await Promise.all([shard(), shard()]);
    for (const r of [a, b]) assert.ok([0, 3].includes(r.status), r.stderr);
    const [run] = await runs(place);
    assert.equal(run.id, dead.id, 'both joined the open run');
    assert.equal(run.status, 'completed');
    assert.equal(run.checked, 120, 'every copy checked once, the dead batch included');
    assert.equal(a.json().here.checked + b.json().here.checked, 120);
    const missing = await db.query<{ path: string }>(
      `select relative_path as path from audit_finding where kind = 'missing' and data_location_id = $1`,
      [place.id],
    );
    assert.deepEqual(missing, [{ path: 'h/f0000.dat' }]);
  });

  it('--shard audits started together make one run between them', async () => {
    const place = await auditPlace(db, 'together');
    await placeFiles(db, place, someFiles(40, 1000, 'g'));
    const shard = () =>
      runCliAsync(['audit', 'copies', '--location', place.key, '--shard', '--batch-size', '3', '--json'], {
        url: db.url,
      });
    const [a, b] = await Promise.all([shard(), shard()]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    const all = await runs(place);
    assert.equal(all.length, 1);
    assert.deepEqual([all[0].status, all[0].checked], ['completed', 40]);
    assert.equal(a.json().run, b.json().run);
  });

  it('a --shard audit with other settings does not pull a live run from under its workers; a plain audit takes over a dead one', async () => {
    const place = await auditPlace(db, 'othermode');
    await placeFiles(db, place, someFiles(3, 10, 'o'));
    const [live] = await db.query<{ id: string }>(
      `insert into audit_run (data_location_id, mode, host, pid, params, planned, heartbeat_at)
       values ($1, 'size', 'otherhost', 7, '{"dark": false, "darkMinAgeMs": 86400000}', 3, now()) returning id::text`,
      [place.id],
    );
    const refused = await audit(place, '--mode', 'checksum', '--shard');
    assert.equal(refused.status, 75);
    assert.match(
      refused.stderr,
      new RegExp(`a size audit of this location is running \\(run ${live.id}\\) with other settings`),
    );
    const plain = await audit(place, '--mode', 'checksum');
    assert.equal(plain.status, 0, plain.stderr);
    const all = await runs(place);
    assert.deepEqual(
      all.map((r) => [r.status, r.stop]),
      [
        ['aborted', 'superseded by a checksum audit'],
        ['completed', null],
      ],
    );
  });

  it('--mark-missing refuses above --max-missing (a storage not mounted), marks below it or with --force', async () => {
    const place = await auditPlace(db, 'marked');
    const copy = await placeFiles(db, place, someFiles(10, 10, 'm'));
    for (const i of [1, 2, 3]) rmSync(join(place.root, `m/f000${i}.dat`));
    const status = async () =>
      (
        await db.query<{ status: string }>(`select status from physical_copy where data_location_id = $1 order by id`, [
          place.id,
        ])
      ).map((r) => r.status);
    const refused = await audit(place, '--mark-missing');
    assert.equal(refused.status, 3);
    assert.match(
      refused.stderr,
      /not marking missing copies: 3 of 10 checked copies \(30\.0%\) are missing, more than --max-missing 1\.0%/,
    );
    assert.equal(refused.json().marked.marked, 0);
    assert.ok(
      (await status()).every((s) => s === 'present'),
      'nothing marked',
    );
    const marked = await audit(place, '--mark-missing', '--max-missing', '50%');
    assert.equal(marked.json().marked.marked, 3);
    const after = await db.query<{ id: string; status: string; deleted: boolean }>(
      `select id::text, status, deleted_at is not null as deleted from physical_copy where data_location_id = $1 and status = 'deleted' order by physical_copy.id`,
      [place.id],
    );
    assert.deepEqual(
      after.map((c) => c.id),
      ['m/f0001.dat', 'm/f0002.dat', 'm/f0003.dat'].map((p) => copy[p]),
    );
    assert.ok(after.every((c) => c.deleted));
    const [{ n }] = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_finding where resolution = 'marked missing' and data_location_id = $1`,
      [place.id],
    );
    assert.equal(n, 3);
    // The copies marked are no longer live: the next audit is clean.
    assert.equal((await audit(place)).status, 0);
    assert.equal((await cli('audit', 'copies', '--location', place.key, '--force')).status, 2);
  });
});
