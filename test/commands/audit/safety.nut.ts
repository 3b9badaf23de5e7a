import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, EXECUTED, placeFiles, someFiles, type AuditPlace } from '../../helpers/audit-fixture.js';
import { startCli } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const MARKER = '.ccat-ops-location';

describe('ccat-ops audit copies: storage safety (unmounted roots, --mark-missing guards, staging, lost locks)', function () {
  this.timeout(240_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const audit = (place: AuditPlace, ...args: string[]) =>
    cli('audit', 'copies', '--location', place.key, ...args, '--json');
  /** Everything an audit may change: copy statuses, deletions, runs and findings. */
  const state = async (place: AuditPlace) => ({
    copies: await db.query(
      `select id::text, status, deleted_at from physical_copy where data_location_id = $1 order by id`,
      [place.id],
    ),
    runs: await db.query(
      `select id::text, status, checked::int, missing::int, cursor from audit_run where data_location_id = $1 order by id`,
      [place.id],
    ),
    findings: await db.query(
      `select id::text, kind, resolved_at from audit_finding where data_location_id = $1 order by id`,
      [place.id],
    ),
  });
  const marker = (place: AuditPlace) => JSON.parse(readFileSync(join(place.root, MARKER), 'utf8'));
  /** The storage unmounted: the root is an empty mount point; returns how to mount it again. */
  const unmount = (place: AuditPlace) => {
    renameSync(place.root, `${place.root}.away`);
    mkdirSync(place.root);
    return () => {
      rmdirSync(place.root);
      renameSync(`${place.root}.away`, place.root);
    };
  };
  const assertFirstLine = (stderr: string) => {
    assert.match(stderr.split('\n')[0], /^Error: /);
    assert.doesNotMatch(stderr, /\n\s+at /);
  };

  before(async () => {
    await seedDatabase((await db.em()) as never);
  });

  it('the first audit writes the marker, the dark walk does not report it; a root with another location’s marker, or none and none of its copies, is exit 69', async () => {
    const a = await auditPlace(db, 'marked-a');
    const b = await auditPlace(db, 'marked-b');
    const bare = await auditPlace(db, 'bare');
    const partial = await auditPlace(db, 'partial');
    const partialFiles = someFiles(3, 10, 'p');
    await placeFiles(db, partial, partialFiles);
    await placeFiles(db, a, someFiles(3, 10, 'a'));
    await placeFiles(db, b, someFiles(3, 10, 'b'));
    await placeFiles(db, bare, someFiles(3, 10, 'x'));
    const first = await audit(a);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, new RegExp(`Wrote the location marker ${a.root}/${MARKER}`));
    const old = new Date(Date.now() - 3 * 86_400_000);
    utimesSync(join(a.root, MARKER), old, old);
    const dark = await audit(a, '--dark');
    assert.equal(dark.status, 0, dark.stderr);
    assert.equal(dark.json().findings.dark, 0, 'the marker is not a dark file');
    assert.deepEqual(
      { ...marker(a), created: typeof marker(a).created },
      { site: 'cologne', name: 'marked-a', id: a.id, created: 'string' },
    );
    // b's storage mounted where a's should be: b's marker at a's root.
    writeFileSync(join(b.root, MARKER), JSON.stringify({ site: 'cologne', name: 'marked-b', id: b.id, created: '' }));
    rmSync(join(a.root, MARKER));
    writeFileSync(join(a.root, MARKER), readFileSync(join(b.root, MARKER)));
    // bare: the database holds copies, the root holds something else.
    for (const f of readdirSync(bare.root)) rmSync(join(bare.root, f), { recursive: true });
    writeFileSync(join(bare.root, 'lost+found'), '');
    // partial: another directory in its place that happens to hold one of its three files.
    for (const f of partialFiles.slice(1)) rmSync(join(partial.root, f.path));
    const before = [await state(a), await state(bare), await state(partial)];
    const [foreign, none, few] = await Promise.all([
      audit(a, '--mark-missing'),
      audit(bare, '--mark-missing'),
      audit(partial, '--mark-missing'),
    ]);
    assert.equal(few.status, 69, few.stderr);
    assert.match(few.stderr, /root of cologne\/partial is not mounted\? .* marker and only 1 of 3 copies looked for/);
    assert.equal(existsSync(join(partial.root, MARKER)), false);
    assert.equal(foreign.status, 69, foreign.stderr);
    assert.match(
      foreign.stderr,
      new RegExp(`the root ${a.root} of cologne/marked-a carries the marker of cologne/marked-b \\(id ${b.id}\\)`),
    );
    assert.equal(none.status, 69, none.stderr);
    assert.match(
      none.stderr,
      /root of cologne\/bare is not mounted\? .* has no \.ccat-ops-location marker and none of 3 copies looked for/,
    );
    assert.match(none.stderr, /Try: .*ccat-ops location write-marker cologne\/bare/);
    for (const r of [foreign, none]) assertFirstLine(r.stderr);
    assert.deepEqual([await state(a), await state(bare), await state(partial)], before, 'nothing checked or written');
    assert.equal(existsSync(join(bare.root, MARKER)), false);
    // The storage really is new: the marker written deliberately, the audit then finds the copies lost.
    const [written, again] = [
      await cli('location', 'write-marker', bare.key),
      await cli('location', 'write-marker', bare.key),
    ];
    assert.equal(written.status, 0, written.stderr);
    assert.match(written.stdout, new RegExp(`Wrote the marker of cologne/bare at ${bare.root}/${MARKER}`));
    assert.match(again.stdout, /already marks cologne\/bare; nothing to do/);
    const refused = await cli('location', 'write-marker', a.key);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /names cologne\/marked-b .*not cologne\/marked-a; nothing was written/);
    assert.equal(marker(a).id, b.id, 'another location’s marker is never overwritten');
    const found = await audit(bare);
    assert.equal(found.status, 3, found.stderr);
    assert.equal(found.json().findings.missing, 3);
  });

  it('a run killed at 990 of 1000, its storage then unmounted, resumed with --mark-missing: exit 69, nothing checked or marked', async () => {
    const place = await auditPlace(db, 'killed');
    const files = someFiles(1000, 8, 'k');
    const copy = await placeFiles(db, place, files);
    const ids = files.map((f) => copy[f.path]).sort((x, y) => Number(x) - Number(y));
    const mark = await cli('location', 'write-marker', place.key); // as the killed run's first audit did
    assert.equal(mark.status, 0, mark.stderr);
    // Killed after recording 990 checks (SIGKILL leaves no trace but the ledger).
    await db.query(
      `insert into audit_run (data_location_id, mode, host, pid, params, planned, allocated, cursor, checked, ok, heartbeat_at)
       values ($1, 'size', 'gone', 1, '{"dark": false, "darkMinAgeMs": 86400000}', 1000, 990, $2, 990, 990, now() - interval '1 hour')`,
      [place.id, ids[989]],
    );
    const mount = unmount(place);
    const before = await state(place);
    const r = await audit(place, '--mode', 'size', '--mark-missing');
    assert.equal(r.status, 69, r.stderr);
    assert.match(
      r.stderr,
      /root of cologne\/killed is not mounted\? .* is empty while the database holds copies there/,
    );
    assertFirstLine(r.stderr);
    assert.deepEqual(await state(place), before, 'copies, run and findings unchanged');
    assert.deepEqual(readdirSync(place.root), [], 'nothing written to the empty mount point');

    // Mounted again, but the 10 copies the run had left are gone: judged over this invocation
    // (10 of 10 missing), not over the run (10 of 1000 = 1%, within --max-missing 1%).
    mount();
    for (const id of ids.slice(990))
      rmSync(
        join(
          place.root,
          Object.keys(copy).find((p) => copy[p] === id)!,
        ),
      );
    const resumed = await audit(place, '--mode', 'size', '--mark-missing');
    assert.equal(resumed.status, 3, resumed.stderr);
    const s = resumed.json();
    assert.equal(s.resumed, true);
    assert.deepEqual(
      [s.status, s.checked, s.findings.missing, s.here.checked, s.here.missing],
      ['completed', 1000, 10, 10, 10],
    );
    assert.match(
      resumed.stderr,
      /not marking missing copies: this audit found 10 of the 10 copies it checked \(100\.0%\) missing, more than --max-missing 1\.0%/,
    );
    assert.equal(s.marked.marked, 0);
    const copies = (await state(place)).copies as { status: string; deleted_at: Date | null }[];
    assert.ok(
      copies.every((c) => c.status === 'present' && c.deleted_at === null),
      'no copy marked',
    );
  });

  it('--max-missing 100% without --force: an unmounted storage is exit 69; a wiped one is not marked beyond half of the location', async () => {
    const place = await auditPlace(db, 'wiped');
    await placeFiles(db, place, someFiles(20, 8, 'w'));
    const first = await audit(place);
    assert.equal(first.status, 0, first.stderr);
    const mount = unmount(place);
    const before = await state(place);
    const unmounted = await audit(place, '--mark-missing', '--max-missing', '100%');
    assert.equal(unmounted.status, 69, unmounted.stderr);
    assert.match(unmounted.stderr, /root of cologne\/wiped is not mounted\?/);
    assert.deepEqual(await state(place), before);
    mount();
    rmSync(join(place.root, 'w'), { recursive: true }); // the marker stays: the storage is there, its data is not
    const wiped = await audit(place, '--mark-missing', '--max-missing', '100%');
    assert.equal(wiped.status, 3, wiped.stderr);
    assert.match(
      wiped.stderr,
      /not marking missing copies: it would mark 20 of the 20 live copies of cologne\/wiped \(100\.0%\), more than 50\.0% of the location, which needs --force/,
    );
    const copies = (await state(place)).copies as { status: string; deleted_at: Date | null }[];
    assert.ok(
      copies.every((c) => c.status === 'present' && c.deleted_at === null),
      'no copy marked',
    );
    const forced = await audit(place, '--mark-missing', '--max-missing', '100%', '--force');
    assert.equal(forced.json().marked.marked, 20);
  });

  it('copies a staging job that is not finished needs are kept by --mark-missing after the location’s type changed', async () => {
    const place = await auditPlace(db, 'staging');
    await db.query(`update data_location set location_type = 'processing' where id = $1`, [place.id]);
    const files = someFiles(30, 8, 'p');
    const copy = await placeFiles(db, place, files);
    const [pkg] = await db.query<{ id: number }>(
      `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
       values ('staged-pkg', $1, (select min(id) from instrument_module), 'staged-pkg.tar') returning id`,
      [EXECUTED],
    );
    const needed = files.slice(0, 12).map((f) => f.path);
    await db.query(`update raw_data_file set raw_data_package_id = $1 where relative_path = any($2::text[])`, [
      pkg.id,
      needed,
    ]);
    const [job] = await db.query<{ id: number }>(
      `insert into staging_job (destination_location_id, requested_by) values ($1, 'alice') returning id`,
      [place.id],
    );
    await db.query(
      `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status, started_at)
       values ($1, $2, $3, 'in_progress', now())`,
      [job.id, pkg.id, place.id],
    );
    // The database now keeps the type of a location staging jobs go to; a location retyped before
    // that rule existed (as an older schema allowed) is made here with the rule's trigger off.
    const retyped = await cli('location', 'update', place.key, '--type', 'buffer');
    assert.equal(retyped.status, 1, retyped.stderr);
    await db.query(`alter table data_location disable trigger data_location_type_kept_while_in_use`);
    try {
      await db.query(`update data_location set location_type = 'buffer' where id = $1`, [place.id]);
    } finally {
      await db.query(`alter table data_location enable trigger data_location_type_kept_while_in_use`);
    }
    for (const p of needed) rmSync(join(place.root, p));
    const r = await audit(place, '--mark-missing', '--max-missing', '50%');
    assert.equal(r.status, 3, r.stderr);
    const s = r.json();
    assert.equal(s.marked.marked, 0);
    const byId = (x: string, y: string) => Number(x) - Number(y);
    assert.deepEqual(
      s.marked.kept.map((k: { copy: string }) => k.copy).sort(byId),
      needed.map((p) => copy[p]).sort(byId),
    );
    // Twelve kept copies are one line for their rule, with the first three; --verbose lists each.
    const first = Math.min(...needed.map((p) => Number(copy[p])));
    assert.match(
      r.stderr,
      new RegExp(
        `^  kept 12 copies \\(physical_copy_needed_by_staging\\): copy ${first}: physical copy ${first} is needed by an active staging job[^\\n]*; … \\(--verbose lists all 12\\)$`,
        'm',
      ),
    );
    assert.equal(r.stderr.match(/kept copy/g), null, r.stderr);
    const verbose = await audit(place, '--mark-missing', '--max-missing', '50%', '--verbose');
    assert.equal(verbose.status, 3, verbose.stderr);
    assert.equal(
      verbose.stderr.match(/^ {2}kept copy \d+: physical copy \d+ is needed by an active staging job/gm)?.length,
      12,
    );
    const rows = await db.query<{ status: string; deleted: boolean }>(
      `select status, deleted_at is not null as deleted from physical_copy where id = any($1::bigint[])`,
      [needed.map((p) => copy[p])],
    );
    assert.deepEqual(
      rows,
      needed.map(() => ({ status: 'present', deleted: false })),
    );
    await assert.rejects(
      db.query(`delete from physical_copy where id = $1`, [copy[needed[0]]]),
      /needed by an active staging job/,
    );
    const [fn] = await db.query<{ config: string[] }>(
      `select proconfig as config from pg_proc where proname = 'physical_copy_deletion_guard_fn'`,
    );
    assert.ok(fn.config.includes('search_path=pg_catalog, public'), 'the guard’s search_path is pinned');
  });

  it('an audit whose lock connection is terminated stops with exit 75 before its next batch; the next audit resumes and completes', async () => {
    const place = await auditPlace(db, 'lostlock');
    await placeFiles(db, place, someFiles(300, 128 * 1024, 'q'));
    const pause = await pauseFirstRecord(db.url);
    const audit1 = startCli(
      ['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--batch-size', '2'].concat([
        '--concurrency',
        '1',
        '--workers',
        '1',
      ]),
      { url: db.url },
    );
    const run = async () =>
      (
        await db.query<{ id: string; status: string; checked: number }>(
          `select id::text, status, checked::int from audit_run where data_location_id = $1`,
          [place.id],
        )
      )[0];
    // The audit waits at its first batch's record until its lock connection is gone: however loaded
    // the machine, the lock is lost mid-run, never after the last batch.
    const waitingAt = await pause.waiting();
    assert.ok(waitingAt, 'the audit reached its first record');
    const killed = await db.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_locks where locktype = 'advisory' and classid = 7310 and objid = $1`,
      [place.id],
    );
    assert.deepEqual(killed, [{ ok: true }]);
    await pause.release();
    const code = await audit1.exited;
    assert.equal(code, 75, audit1.stderr());
    assert.match(
      audit1.stderr(),
      /lost the lock on cologne\/lostlock \(its database connection ended\); audit run \d+ stays open/,
    );
    const paused = await run();
    assert.equal(paused.status, 'running');
    assert.ok(paused.checked < 300, `checked ${paused.checked}`);
    const resumed = await audit(place, '--mode', 'checksum');
    assert.equal(resumed.status, 0, resumed.stderr);
    const s = resumed.json();
    assert.deepEqual([s.run, s.resumed, s.status, s.checked, s.ok], [paused.id, true, 'completed', 300, 300]);
  });

  it('--workers and --concurrency are bounded (exit 2, nothing started)', async () => {
    const place = await auditPlace(db, 'bounded');
    const [workers, threads] = await Promise.all([
      audit(place, '--workers', '150'),
      audit(place, '--concurrency', '200'),
    ]);
    assert.equal(workers.status, 2, workers.stderr);
    assert.match(
      workers.stderr,
      /--workers: at most 32 \(each works on its own database connection\); 150 is too many/,
    );
    assert.equal(threads.status, 2, threads.stderr);
    assert.match(threads.stderr, /--concurrency: at most 32 reading threads \(each holds ~11 MB\); 200 is too many/);
    assert.deepEqual((await state(place)).runs, []);
  });

  it('file register writes the marker, never registers it, and refuses an unmounted root (exit 69, nothing written)', async () => {
    const place = await auditPlace(db, 'registered');
    mkdirSync(join(place.root, 'obs'));
    writeFileSync(join(place.root, 'obs', '1.fits'), 'one');
    const register = (...paths: string[]) =>
      cli(
        'file',
        'register',
        '--location',
        place.key,
        '--executed',
        EXECUTED,
        '--module',
        'CHAI/LFA',
        ...paths,
        '--json',
      );
    const dry = await register('--dry-run', '.');
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(existsSync(join(place.root, MARKER)), false, 'a dry run writes no marker');
    const r = await register('.');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().created, 1);
    assert.equal(marker(place).id, place.id);
    const again = await register('.');
    assert.deepEqual([again.json().files, again.json().unchanged, again.json().created], [1, 1, 0]);
    const paths = await db.query<{ path: string }>(
      `select f.relative_path as path from raw_data_file f join physical_copy c on c.raw_data_file_id = f.id
        where c.data_location_id = $1`,
      [place.id],
    );
    assert.deepEqual(paths, [{ path: 'obs/1.fits' }], 'the marker is not registered');
    const mount = unmount(place);
    mkdirSync(join(place.root, 'obs'));
    writeFileSync(join(place.root, 'obs', '2.fits'), 'two');
    const before = await state(place);
    const refused = await register('obs');
    assert.equal(refused.status, 69, refused.stderr);
    assert.match(
      refused.stderr,
      /root of cologne\/registered is not mounted\? .* has no \.ccat-ops-location marker and none of 1 copies looked for/,
    );
    assert.deepEqual(await state(place), before);
    assert.deepEqual(readdirSync(place.root).sort(), ['obs']);
    rmSync(place.root, { recursive: true });
    mkdirSync(place.root);
    mount();
  });
});

/**
 * Holds an audit at the record of its first batch (`audit_run.checked` leaving 0) on an advisory
 * lock this test holds, with a trigger of the test's own: `waiting` resolves once the audit's
 * connection waits there, `release` lets it go on and removes the trigger.
 */
async function pauseFirstRecord(url: string): Promise<{ waiting(): Promise<boolean>; release(): Promise<void> }> {
  const KEY = 731_099;
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query(`
    create function test_pause_first_record() returns trigger language plpgsql as $$
    begin
      if old.checked = 0 and new.checked > 0 then perform pg_advisory_xact_lock(${KEY}); end if;
      return new;
    end $$;
    create trigger test_pause_first_record before update on audit_run
      for each row execute function test_pause_first_record();
    select pg_advisory_lock(${KEY});`);
  return {
    async waiting() {
      for (let i = 0; i < 6000; i++) {
        const { rows } = await holder.query(
          `select 1 from pg_locks where locktype = 'advisory' and objid = $1 and not granted`,
          [KEY],
        );
        if (rows.length) return true;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    },
    async release() {
      await holder.query(`select pg_advisory_unlock(${KEY})`);
      await holder.query('drop trigger test_pause_first_record on audit_run; drop function test_pause_first_record()');
      await holder.end();
    },
  };
}
