import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ccat-ops executed start|finish|add', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const count = async () => Number((await db.query<{ n: string }>('select count(*) as n from executed_obs_unit'))[0].n);
  const row = async (id: string) =>
    (
      await db.query<{ status: string; start_time: Date; end_time: Date | null; conditions: unknown; ou: string }>(
        `select e.status, e.start_time, e.end_time, e.conditions, o.name as ou
           from executed_obs_unit e join obs_unit o on o.id = e.obs_unit_id where e.id = $1`,
        [id],
      )
    )[0];

  before(async () => {
    await loadOpsFixture(db);
  });

  it('starts a running execution and prints only its id; finishes it by an 8-character prefix', async () => {
    const started = await cli('executed', 'start', '--obs-unit', 'ou-cal-1', '--conditions', '{"pwv_mm": 0.4}');
    assert.equal(started.status, 0, started.stderr);
    const id = started.stdout.trim();
    assert.match(id, UUID);
    assert.match(started.stderr, /Started executing ou-cal-1 at /);
    const running = await row(id);
    assert.equal(running.status, 'running');
    assert.equal(running.end_time, null);
    assert.deepEqual(running.conditions, { pwv_mm: 0.4 });
    assert.ok(Math.abs(running.start_time.getTime() - Date.now()) < 60_000, 'started now');

    const end = new Date(running.start_time.getTime() + 1).toISOString(); // a millisecond on: not in the future
    const finished = await cli('executed', 'finish', id.slice(0, 8), '--status', 'failed', '--end-time', end, '--json');
    assert.equal(finished.status, 0, finished.stderr);
    assert.equal(finished.json().outcome, 'updated');
    assert.equal(finished.json().id, id);
    const after = await row(id);
    assert.equal(after.status, 'failed');
    assert.equal(after.end_time?.toISOString(), end);

    // The same finish again changes nothing; another ending is refused.
    const again = await cli('executed', 'finish', id, '--status', 'failed');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /had already ended: failed at .*; nothing changed/);
    const other = await cli('executed', 'finish', id.slice(0, 13), '--status', 'completed');
    assert.equal(other.status, 1);
    assert.match(
      other.stderr,
      new RegExp(`Error: executed obs unit ${id} has already ended: failed at ${end}; nothing changed`),
    );
    assert.deepEqual(await row(id), after);
  });

  it('takes a start time and conditions from a file; finishes at now by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-conditions-'));
    writeFileSync(join(dir, 'weather.json'), '{"pwv_mm": 1.2, "wind_m_s": 4}\n');
    const r = await cli(
      'executed',
      'start',
      '--obs-unit',
      'ou-geco-1',
      '--start-time',
      '2h',
      '--conditions',
      `@${join(dir, 'weather.json')}`,
    );
    assert.equal(r.status, 0, r.stderr);
    const id = r.stdout.trim();
    const e = await row(id);
    assert.deepEqual(e.conditions, { pwv_mm: 1.2, wind_m_s: 4 });
    assert.ok(Math.abs(e.start_time.getTime() - (Date.now() - 2 * 3_600_000)) < 60_000);
    const f = await cli('executed', 'finish', id, '--status', 'aborted');
    assert.equal(f.status, 0, f.stderr);
    const done = await row(id);
    assert.equal(done.status, 'aborted');
    assert.ok(Math.abs(done.end_time!.getTime() - Date.now()) < 60_000, 'ended now');
  });

  it('adds one already ended, all at once; with --id a repeat is a no-op and other values are refused', async () => {
    const id = '7e57ab1e-0000-4000-8000-000000000001';
    const args = [
      'executed',
      'add',
      '--id',
      id,
      '--obs-unit',
      'ou-cal-1',
      '--status',
      'completed',
      '--start-time',
      '2026-03-01T22:00Z',
      '--end-time',
      '2026-03-01T22:40Z',
    ];
    const r = await cli(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${id}\n`);
    assert.deepEqual(await row(id), {
      status: 'completed',
      start_time: new Date('2026-03-01T22:00Z'),
      end_time: new Date('2026-03-01T22:40Z'),
      conditions: null,
      ou: 'ou-cal-1',
    });
    const n = await count();
    const again = await cli(...args, '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.json().outcome, 'unchanged');
    const other = await cli(...args.slice(0, -1), '2026-03-01T23:00Z');
    assert.equal(other.status, 1);
    assert.match(other.stderr, new RegExp(`executed obs unit ${id} exists with other values`));
    assert.equal(await count(), n);
    assert.equal((await row(id)).end_time?.toISOString(), '2026-03-01T22:40:00.000Z');
  });

  it('refuses a start or end in the future (a typo that would stand in the record), allowing a few minutes of clock skew', async () => {
    const before = await count();
    const future = '2099-01-01T00:00Z';
    for (const args of [
      ['executed', 'start', '--obs-unit', 'ou-cal-1', '--start-time', future],
      [
        'executed',
        'add',
        '--obs-unit',
        'ou-cal-1',
        '--status',
        'completed',
        '--start-time',
        '1h',
        '--end-time',
        future,
      ],
    ]) {
      const r = await cli(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^Error: --(start|end)-time: 2099-01-01T00:00:00\.000Z is in the future \(now is /);
      assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    }
    assert.equal(await count(), before, 'nothing written');
    const started = await cli(
      'executed',
      'start',
      '--obs-unit',
      'ou-cal-1',
      '--start-time',
      new Date(Date.now() + 60_000).toISOString(),
    );
    assert.equal(started.status, 0, 'a minute ahead is clock skew, not a typo');
    const id = started.stdout.trim();
    const r = await cli('executed', 'finish', id, '--status', 'completed', '--end-time', future);
    assert.equal(r.status, 2, r.stderr);
    assert.equal((await row(id)).status, 'running', 'still running');
  });

  it('rejects bad input with one line and the right exit code, and writes nothing', async () => {
    const [{ id: running }] = await db.query<{ id: string }>(
      `insert into executed_obs_unit (obs_unit_id, status, start_time)
       select id, 'running', now() - interval '1 hour' from obs_unit where name = 'ou-cal-1' returning id::text`,
    );
    const before = await count();
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('executed', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n')[0].startsWith('Error: '), true, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(4, /no obs unit 'ou-cal-2'; did you mean 'ou-cal-1'\?/, 'start', '--obs-unit', 'ou-cal-2');
    await bad(
      2,
      /--conditions: the text is not JSON \(.*\); write a JSON object like/,
      'start',
      '--obs-unit',
      'ou-cal-1',
      '--conditions',
      'pwv=0.4',
    );
    await bad(
      2,
      /--conditions: the JSON is an array, not an object/,
      'start',
      '--obs-unit',
      'ou-cal-1',
      '--conditions',
      '[0.4]',
    );
    await bad(
      2,
      /--conditions: the JSON is null, not an object/,
      'start',
      '--obs-unit',
      'ou-cal-1',
      '--conditions',
      'null',
    );
    await bad(
      2,
      /--conditions: cannot read \/nonexistent\/w.json \(ENOENT\)/,
      'start',
      '--obs-unit',
      'ou-cal-1',
      '--conditions',
      '@/nonexistent/w.json',
    );
    await bad(
      2,
      /--start-time: 'yesterday' is not a date or a duration/,
      'start',
      '--obs-unit',
      'ou-cal-1',
      '--start-time',
      'yesterday',
    );
    await bad(2, /--id: 'e1' is not a UUID/, 'start', '--obs-unit', 'ou-cal-1', '--id', 'e1');
    await bad(
      2,
      /--status: 'running' does not end an execution; use one of completed, failed, aborted/,
      'finish',
      running,
      '--status',
      'running',
    );
    await bad(
      2,
      /--status: 'done' is not a status; use one of completed, failed, aborted/,
      'finish',
      running,
      '--status',
      'done',
    );
    await bad(
      2,
      /--end-time .* is before the execution's start .*; give an end time at or after the start/,
      'finish',
      running,
      '--status',
      'completed',
      '--end-time',
      '2h',
    );
    await bad(
      4,
      /no executed obs unit with an id starting 7e57ab1e-ffff/,
      'finish',
      '7e57ab1e-ffff',
      '--status',
      'completed',
    );
    await bad(
      2,
      /--status: 'running' does not end an execution/,
      'add',
      '--obs-unit',
      'ou-cal-1',
      '--status',
      'running',
      '--start-time',
      '2h',
      '--end-time',
      '1h',
    );
    await bad(
      2,
      /--end-time .* is before --start-time .*/,
      'add',
      '--obs-unit',
      'ou-cal-1',
      '--status',
      'completed',
      '--start-time',
      '1h',
      '--end-time',
      '2h',
    );
    await bad(
      4,
      /no obs unit 'nope'/,
      'add',
      '--obs-unit',
      'nope',
      '--status',
      'completed',
      '--start-time',
      '2h',
      '--end-time',
      '1h',
    );
    await bad(
      2,
      /Missing required flag.*status|--status/,
      'add',
      '--obs-unit',
      'ou-cal-1',
      '--start-time',
      '2h',
      '--end-time',
      '1h',
    );
    assert.equal(await count(), before, 'nothing written');
    const still = await row(running);
    assert.equal(still.status, 'running');
    assert.equal(still.end_time, null);
  });
});
