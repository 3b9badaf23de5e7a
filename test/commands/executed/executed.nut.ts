import assert from 'node:assert/strict';
import { E1, E2, E3, GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

describe('ccat-ops executed list|show', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const ids = async (...args: string[]) => {
    const r = await cli('executed', 'list', ...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().items.map((e: { id: string }) => e.id);
  };

  before(async () => {
    await loadOpsFixture(db);
    await db.query(`update executed_obs_unit set conditions = '{"pwv_mm": 0.42, "wind_m_s": 6.1}' where id = $1`, [E1]);
  });

  it('lists executed obs units, latest start first, with obs unit, programme and file/package counts', async () => {
    const r = await cli('executed', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { items, next } = r.json();
    assert.deepEqual(
      items.map((e: { id: string }) => e.id),
      [E3, E2, E1],
    );
    assert.equal(next, null);
    const [e3, e2, e1] = items;
    assert.deepEqual(
      { ...e1, startTime: undefined, endTime: undefined },
      {
        id: E1,
        obsUnit: 'ou-geco-1',
        program: 'GEco',
        status: 'completed',
        startTime: undefined,
        endTime: undefined,
        files: 4,
        packages: 2,
      },
    );
    assert.equal(new Date(e1.endTime).getTime() - new Date(e1.startTime).getTime(), 40 * 60_000);
    assert.equal(e2.program, 'Cal');
    assert.equal(e2.files, 2);
    assert.equal(e3.status, 'running');
    assert.equal(e3.endTime, null);
    assert.equal(e3.packages, 1);
  });

  it('filters by obs unit, programme, status and start time', async () => {
    assert.deepEqual(await ids('--obs-unit', 'ou-geco-1'), [E3, E1]);
    assert.deepEqual(await ids('--program', 'Cal'), [E2]);
    assert.deepEqual(await ids('--status', 'running'), [E3]);
    assert.deepEqual(await ids('--status', 'completed,aborted'), [E2, E1]);
    assert.deepEqual(await ids('--program', 'GEco', '--status', 'completed'), [E1]);
    assert.deepEqual(await ids('--since', '2d'), [E3, E2]);
    assert.deepEqual(await ids('--until', '2h'), [E2, E1]);
    const since = new Date(Date.now() - 4 * 86_400_000).toISOString();
    assert.deepEqual(await ids('--since', since, '--until', '2d'), [E1]);
  });

  it('pages by keyset on (start time, id), and streams with --all', async () => {
    const first = (await cli('executed', 'list', '--limit', '2', '--json')).json();
    assert.deepEqual(
      first.items.map((e: { id: string }) => e.id),
      [E3, E2],
    );
    assert.equal(first.next, E2);
    assert.deepEqual(await ids('--limit', '2', '--after', E2), [E1]);
    assert.deepEqual(await ids('--sort', 'oldest', '--limit', '1', '--after', E1), [E2]);
    const table = await cli('executed', 'list', '--limit', '1');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stderr, new RegExp(`More executions: add --after ${E3} for the next page`));
    const csv = await cli('executed', 'list', '--all', '--output', 'csv', '--columns', 'id,program,files,packages');
    assert.equal(csv.stdout, `id,program,files,packages\n${E3},GEco,2,1\n${E2},Cal,2,1\n${E1},GEco,4,2\n`);
  });

  it('shows a table for people', async () => {
    const r = await cli('executed', 'list', '--program', 'GEco');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ou-geco-1/);
    assert.match(r.stdout, /running/);
    assert.match(r.stdout, /1h ago/);
    assert.match(r.stdout, /3d ago/);
    const none = await cli('executed', 'list', '--status', 'aborted');
    assert.equal(none.status, 0, none.stderr);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /No executions match/);
  });

  it('shows one executed obs unit with its conditions, file totals and packages', async () => {
    const r = await cli('executed', 'show', E1);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /obsUnit\s+ou-geco-1/);
    assert.match(r.stdout, /program\s+GEco/);
    assert.match(r.stdout, /conditions\s+\{"pwv_mm":0\.42,"wind_m_s":6\.1\}/);
    assert.match(r.stdout, /files\s+4/);
    assert.match(r.stdout, /fileSize\s+30 GB/);
    assert.match(r.stdout, /Packages \(2\)/);
    assert.match(r.stdout, /P1\s+│ CHAI\/LFA\s+│ archived\s+│ completed\s+│ 10 GB/);
    assert.match(r.stdout, /P2\s+│ CHAI\/HFA\s+│ archived\s+│ completed\s+│ 20 GB/);

    const json = await cli('executed', 'show', E3.toUpperCase(), '--json');
    assert.equal(json.status, 0, json.stderr);
    const detail = json.json();
    assert.equal(detail.id, E3);
    assert.equal(detail.status, 'running');
    assert.equal(detail.endTime, null);
    assert.equal(detail.conditions, null);
    assert.equal(detail.files, 2);
    assert.equal(detail.fileBytes, 5 * GB);
    assert.deepEqual(detail.packages, [
      { name: 'P4', module: 'Prime-Cam/280 GHz', state: 'waiting', status: 'pending', sizeBytes: 5 * GB },
    ]);
  });

  it('rejects bad input with one line and the right exit code', async () => {
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('executed', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(2, /'e1' is not an executed obs unit id \(a UUID, or at least its first 8 characters\)/, 'show', 'e1');
    await bad(4, new RegExp(`no executed obs unit ${UNKNOWN}`), 'show', UNKNOWN);
    await bad(4, /no obs unit 'ou-geco-2'; did you mean 'ou-geco-1'\?/, 'list', '--obs-unit', 'ou-geco-2');
    await bad(4, /no programme 'GEc'; did you mean 'GEco'\?/, 'list', '--program', 'GEc');
    await bad(
      2,
      /Expected --status=done to be one of: running, completed, failed, aborted/,
      'list',
      '--status',
      'done',
    );
    await bad(2, /--after: '17' is not an execution id \(a UUID\)/, 'list', '--after', '17');
    await bad(4, new RegExp(`--after: no execution with id ${UNKNOWN}`), 'list', '--after', UNKNOWN);
    const json = await cli('executed', 'show', UNKNOWN, '--json');
    assert.equal(json.status, 4);
    assert.equal(json.json().error.exitCode, 4);
  });
});
