import assert from 'node:assert/strict';
import { loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops transfer show and reset', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const transfers = async () =>
    Object.fromEntries(
      (
        await db.query<{ id: string; status: string; retry_count: number; error_message: string | null }>(
          'select id, status, retry_count, error_message from data_transfer order by id',
        )
      ).map((t) => [t.id, t]),
    );
  const logCount = async (id: number) =>
    Number((await db.query('select count(*) as n from data_transfer_log where data_transfer_id = $1', [id]))[0].n);

  before(async () => loadOpsFixture(db));

  it('shows a transfer with its packages and log entries, newest first', async () => {
    const r = await cli('transfer', 'show', '3', '--json');
    assert.equal(r.status, 0, r.stderr);
    const t = r.json();
    assert.equal(t.id, 3);
    assert.equal(t.status, 'failed');
    assert.deepEqual(t.packages, ['P3']);
    assert.deepEqual(
      t.log.map((l: { message: string }) => l.message),
      ['bbcp: connection reset by peer (attempt 3)', 'bbcp: connection reset by peer (attempt 2)'],
    );
    const table = await cli('transfer', 'show', '3');
    assert.match(table.stdout, /route\s+ccat_to_cologne/);
    assert.match(table.stdout, /size\s+20 GB/);
    assert.match(table.stdout, /\/var\/log\/ccat\/transfers\/3-1\.log/);
  });

  it('show: an unknown id is exit 4, a malformed one exit 2', async () => {
    const missing = await cli('transfer', 'show', '999');
    assert.equal(missing.status, 4);
    assert.match(missing.stderr, /no transfer 999/);
    const bad = await cli('transfer', 'show', 'abc');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /'abc' is not a transfer id/);
  });

  it('reset --dry-run shows the failed transfers and changes nothing', async () => {
    const before = await transfers();
    const r = await cli('transfer', 'reset', '3', '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /bbcp: connection reset by peer/);
    assert.match(r.stdout, /Would reset 1 failed transfer\(s\) to pending \(dry run; nothing changed\)/);
    assert.deepEqual(await transfers(), before);
  });

  it('reset without a terminal and without --yes refuses (exit 2) and changes nothing', async () => {
    const before = await transfers();
    const r = await cli('transfer', 'reset', '3');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /confirmation needed/);
    assert.match(r.stderr, /--yes/);
    assert.deepEqual(await transfers(), before);
  });

  it('declining at the terminal prompt changes nothing', async () => {
    const before = await transfers();
    const r = await runInTerminal(['transfer', 'reset', '3'], ['n'], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Reset 1 failed transfer\(s\) to pending\?/);
    assert.match(r.screen, /Nothing changed\./);
    assert.deepEqual(await transfers(), before);
  });

  it('an unknown id fails the whole reset (exit 4), nothing changed', async () => {
    const before = await transfers();
    const r = await cli('transfer', 'reset', '3', '999', '--yes');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no transfer 999; nothing was reset/);
    // An id given more than once (or as 0999) is named once.
    const repeated = await cli('transfer', 'reset', '999', '999', '0999', '998', '999', '--yes');
    assert.equal(repeated.status, 4);
    assert.match(repeated.stderr, /^Error: no transfer 999, 998; nothing was reset$/m);
    assert.deepEqual(await transfers(), before);
  });

  it('resets failed transfers to pending, keeps the retry count, logs the error, skips the others', async () => {
    const logs = await logCount(3);
    const r = await cli('transfer', 'reset', '3', '4', '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Skipped transfer 4: it is pending, not failed\./);
    assert.match(r.stdout, /Reset 1 transfer\(s\) to pending\./);
    const after = await transfers();
    assert.equal(after['3'].status, 'pending');
    assert.equal(after['3'].retry_count, 3);
    assert.equal(after['3'].error_message, null);
    assert.equal(after['4'].status, 'pending');
    assert.equal(await logCount(3), logs + 1);
    const [entry] = await db.query<{ message: string }>(
      'select message from data_transfer_log where data_transfer_id = 3 order by id desc limit 1',
    );
    assert.match(entry.message, /reset from failed to pending by .* \(error was: bbcp: connection reset by peer\)/);
  });

  it('--all-failed --route resets every failed transfer of the route; running it again is a no-op', async () => {
    const r = await cli('transfer', 'reset', '--all-failed', '--route', 'ccat_to_cologne', '--yes', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.json().reset.map((t: { id: number }) => t.id),
      [6],
    );
    assert.equal((await transfers())['6'].status, 'pending');
    const again = await cli('transfer', 'reset', '--all-failed', '--route', 'ccat_to_cologne', '--yes');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /No failed transfers to reset; nothing changed\./);
  });

  it('rejects a reset with nothing selected, a bad id or an unknown route', async () => {
    const none = await cli('transfer', 'reset', '--yes');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /say which transfers to reset/);
    const bad = await cli('transfer', 'reset', 'x1', '--yes');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /'x1' is not a transfer id/);
    const route = await cli('transfer', 'reset', '--all-failed', '--route', 'ccat_to_colgne', '--yes');
    assert.equal(route.status, 4);
    assert.match(route.stderr, /did you mean 'ccat_to_cologne'/);
  });
});
