import assert from 'node:assert/strict';
import { loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops transfer list', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const ids = async (...args: string[]) => {
    const r = await cli('transfer', 'list', ...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().items.map((t: { id: number }) => t.id);
  };

  before(async () => loadOpsFixture(db));

  it('lists transfers newest first, with package, route and both ends', async () => {
    const r = await cli('transfer', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { items, next } = r.json();
    assert.deepEqual(
      items.map((t: { id: number }) => t.id),
      [6, 5, 4, 3, 2, 1],
    );
    assert.equal(next, null);
    const failed = items.find((t: { id: number }) => t.id === 3);
    assert.equal(failed.package, 'B2');
    assert.equal(failed.route, 'ccat_to_cologne');
    assert.equal(failed.origin, 'ccat/buffer');
    assert.equal(failed.destination, 'cologne/buffer');
    assert.equal(failed.status, 'failed');
    assert.equal(failed.retryCount, 3);
    assert.equal(failed.sizeBytes, 20e9);
    assert.equal(failed.errorMessage, 'bbcp: connection reset by peer');
  });

  it('filters by status, route, origin and destination (site or location)', async () => {
    assert.deepEqual(await ids('--failed'), [6, 3]);
    assert.deepEqual(await ids('--status', 'pending,in_progress'), [5, 4]);
    assert.deepEqual(await ids('--route', 'cologne_to_us'), [4, 2]);
    assert.deepEqual(await ids('--destination', 'us'), [4, 2]);
    assert.deepEqual(await ids('--origin', 'ccat/buffer', '--failed'), [6, 3]);
    assert.deepEqual(await ids('--destination', 'cologne/buffer', '--status', 'completed'), [1]);
  });

  it('finds transfers stuck for a while: not completed, not updated since', async () => {
    assert.deepEqual(await ids('--stuck-for', '6h'), [4, 3]);
    assert.deepEqual(await ids('--stuck-for', '90m'), [6, 4, 3]);
  });

  it('filters by creation time, as a date or a duration ago', async () => {
    assert.deepEqual(await ids('--since', '5h'), [6, 5]);
    assert.deepEqual(await ids('--until', '11h'), [3, 2, 1]);
    const since = new Date(Date.now() - 11 * 3600_000).toISOString();
    assert.deepEqual(await ids('--since', since, '--until', '3h30m'), [6, 4]);
  });

  it('pages by keyset: --limit, then --after the last id, until there is no next page', async () => {
    const first = (await cli('transfer', 'list', '--limit', '4', '--json')).json();
    assert.deepEqual(
      first.items.map((t: { id: number }) => t.id),
      [6, 5, 4, 3],
    );
    assert.equal(first.next, '3');
    assert.deepEqual(await ids('--limit', '4', '--after', first.next), [2, 1]);
    assert.deepEqual(await ids('--sort', 'oldest', '--limit', '2', '--after', '2'), [3, 4]);
    const table = await cli('transfer', 'list', '--limit', '2');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stderr, /add --after 5 for the next page/);
  });

  it('streams every row as NDJSON or CSV with --all', async () => {
    const nd = await cli('transfer', 'list', '--all', '--output', 'ndjson');
    assert.equal(nd.status, 0, nd.stderr);
    const lines = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((t) => t.id),
      [6, 5, 4, 3, 2, 1],
    );
    const csv = await cli('transfer', 'list', '--all', '--output', 'csv', '--columns', 'id,status', '--sort', 'oldest');
    assert.equal(csv.stdout, 'id,status\n1,completed\n2,completed\n3,failed\n4,pending\n5,in_progress\n6,failed\n');
    const json = await cli('transfer', 'list', '--all', '--output', 'json', '--failed');
    assert.deepEqual(
      JSON.parse(json.stdout).items.map((t: { id: number }) => t.id),
      [6, 3],
    );
    assert.equal(JSON.parse(json.stdout).next, null);
  });

  it('shows a table for people, sizes and times humanised', async () => {
    const r = await cli('transfer', 'list', '--failed');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ccat_to_cologne/);
    assert.match(r.stdout, /20 GB/);
    assert.match(r.stdout, /10h ago/);
  });

  it('rejects bad input with one line and the right exit code', async () => {
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('transfer', 'list', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(
      2,
      /Expected --status=stuck to be one of: pending, scheduled, in_progress, completed, failed/,
      '--status',
      'stuck',
    );
    await bad(2, /--stuck-for: 'soon' is not a duration/, '--stuck-for', 'soon');
    await bad(2, /--since: 'yesterdayish' is not a date or a duration/, '--since', 'yesterdayish');
    await bad(2, /--since .* is after --until/, '--since', '1h', '--until', '2d');
    await bad(2, /--after: 'abc' is not a transfer id/, '--after', 'abc');
    await bad(4, /no route 'ccat_to_colgne'; did you mean 'ccat_to_cologne'\?/, '--route', 'ccat_to_colgne');
    await bad(4, /no location 'cologne\/bufer'; did you mean 'cologne\/buffer'\?/, '--origin', 'cologne/bufer');
    await bad(4, /no site 'colonge'; did you mean 'cologne'\?/, '--destination', 'colonge');
    await bad(2, /--all streams rows/, '--all', '--json');
  });

  // Last: it changes transfer 4, which the tests above count on.
  it('no longer lists as stuck a transfer another service just picked up with plain SQL', async () => {
    assert.deepEqual(await ids('--stuck-for', '6h'), [4, 3]);
    // The data-transfer service picks transfer 4 up, writing only what it changes; the database sets updated_at.
    await db.query(`update data_transfer set status = 'in_progress', started_at = now() where id = 4`);
    assert.deepEqual(await ids('--stuck-for', '6h'), [3]);
    const [t] = await db.query<{ fresh: boolean }>(
      `select updated_at > now() - interval '1 minute' as fresh from data_transfer where id = 4`,
    );
    assert.equal(t.fresh, true);
  });
});
