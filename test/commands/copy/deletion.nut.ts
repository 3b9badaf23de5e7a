import assert from 'node:assert/strict';
import { GB } from '../../helpers/ops-fixture.js';
import { loadDeletionFixture, statuses } from '../../helpers/deletion-fixture.js';
import { runCliAsync } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/** Copy ids as in test/helpers/deletion-fixture.ts. */
describe('ccat-ops copy deletable and copy schedule-deletion', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const all = Array.from({ length: 17 }, (_, i) => i + 1);

  before(async () => loadDeletionFixture(db));

  it('lists the deletable copies oldest first with the bytes they free, as a table and as JSON', async () => {
    const table = await cli('copy', 'deletable', '--location', 'cologne/buffer');
    assert.equal(table.status, 0, table.stderr);
    const rows = table.stdout
      .split('\n')
      .filter((l) => l.startsWith('│'))
      .map((l) =>
        l
          .split('│')
          .map((cell) => cell.trim())
          .slice(1, -1),
      );
    assert.deepEqual(rows[0].slice(0, 6), ['ID', 'Type', 'Item', 'Status', 'Size', 'Cumulative']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      ['1', '3', '2', '4'],
    );
    assert.deepEqual(rows[4].slice(2, 6), ['raw/P2/2.fits', 'present', '10 GB', '30 GB']);
    assert.match(table.stderr, /4 copies at cologne\/buffer would free 30 GB\./);
    const json = (await cli('copy', 'deletable', '--location', 'cologne/buffer', '--bytes', '12GB', '--json')).json();
    assert.deepEqual(
      json.items.map((c: { id: number; cumulativeBytes: number }) => [c.id, c.cumulativeBytes]),
      [
        [1, 5 * GB],
        [3, 15 * GB],
      ],
    );
    assert.equal(json.totalBytes, 15 * GB);
    assert.equal(json.next, '3');
  });

  it('writes csv and ndjson, and tells people where the next page starts', async () => {
    const csv = await cli(
      'copy',
      'deletable',
      '--location',
      'cologne/buffer',
      '--limit',
      '1',
      '-o',
      'csv',
      '--columns',
      'id,sizeBytes',
    );
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csv.stdout, `id,sizeBytes\n1,${5 * GB}\n`);
    assert.match(csv.stderr, /More deletable copies: add --after 1/);
    const nd = await cli('copy', 'deletable', '--location', 'cologne/buffer', '--after', '1', '-o', 'ndjson');
    assert.deepEqual(
      nd.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
      [3, 2, 4],
    );
  });

  it('says so (exit 0) where nothing may be deleted, and why at a long-term archive', async () => {
    const none = await cli('copy', 'deletable', '--location', 'ccat/buffer');
    assert.equal(none.status, 0, none.stderr);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /No copy at ccat\/buffer may be deleted now; .*--explain ID/);
    const lta = await cli('copy', 'deletable', '--location', 'cologne/lta');
    assert.equal(lta.status, 0, lta.stderr);
    assert.match(lta.stderr, /cologne\/lta is a long-term archive: ccat-ops never offers archive copies for deletion/);
  });

  it('--explain says which rules keep a copy, and that a deletable one is', async () => {
    const kept = await cli('copy', 'deletable', '--explain', '5');
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(kept.stdout, /deletable\s+no/);
    assert.match(kept.stdout, /Kept by buffer_kept_until_in_long_term_archive \(ccat-ops policy\): .*P3/);
    assert.match(kept.stdout, /Kept by buffer_kept_until_sent_onward \(ccat-ops policy\): .*B2/);
    assert.match(kept.stdout, /Try: wait for the archive transfer \(ccat-ops archive list --package P3\)/);
    const source = (await cli('copy', 'deletable', '--explain', '13', '--json')).json();
    assert.deepEqual(
      source.keptBy.map((k: { rule: string; by: string }) => [k.rule, k.by]),
      [['physical_copy_source_kept_until_archived', 'database']],
    );
    const ok = await cli('copy', 'deletable', '--explain', '11', '--location', 'ccat/telescope_computer');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /deletable\s+yes/);
  });

  it('rejects bad input with one line, a Try line and the right exit code', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--location', 'cologne/bufer'], 4, /no location 'cologne\/bufer'; did you mean 'cologne\/buffer'\?/],
      [['--location', 'cologne/buffer', '--bytes', 'lots'], 2, /--bytes: 'lots' is not a size/],
      [['--location', 'cologne/buffer', '--bytes', '0'], 2, /--bytes: give more than 0 bytes/],
      [['--location', 'cologne/buffer', '--limit', '0'], 2, /--limit/],
      [['--location', 'cologne/buffer', '--after', '5'], 4, /--after: no copy 5 at this location/],
      [['--explain', 'x'], 2, /--explain: 'x' is not a copy id/],
      [['--explain', '999999'], 4, /no physical copy 999999/],
      [['--explain', '5', '--bytes', '1GB'], 2, /--bytes and --explain cannot be used together/],
      [[], 2, /missing required flag --location/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli('copy', 'deletable', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^Error: .*\nTry: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('schedule-deletion --dry-run and a refused confirmation write nothing', async () => {
    const before = await statuses(db, all);
    const dry = await cli('copy', 'schedule-deletion', '--location', 'cologne/buffer', '--bytes', '12GB', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would schedule 2 copies at cologne\/buffer \(15 GB\) for deletion \(dry run; nothing changed\)\./,
    );
    const unconfirmed = await cli('copy', 'schedule-deletion', '--location', 'cologne/buffer');
    assert.equal(unconfirmed.status, 2);
    assert.match(unconfirmed.stderr, /confirmation needed/);
    const declined = await runInTerminal(['copy', 'schedule-deletion', '--location', 'cologne/buffer'], ['n'], {
      url: db.url,
    });
    assert.equal(declined.status, 0, declined.screen);
    assert.match(declined.screen, /Schedule 4 copies at cologne\/buffer \(30 GB\) for deletion\?/);
    assert.match(declined.screen, /Nothing changed\./);
    const bad = await cli('copy', 'schedule-deletion', '--location', 'cologne/buffer', '--bytes', '2XB', '--yes');
    assert.equal(bad.status, 2);
    assert.deepEqual(await statuses(db, all), before);
  });

  it('schedule-deletion schedules just enough, and says so where nothing is left', async () => {
    const r = await cli(
      'copy',
      'schedule-deletion',
      '--location',
      'ccat/telescope_computer',
      '--bytes',
      '1GB',
      '--yes',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /Scheduled 1 copy at ccat\/telescope_computer for deletion \(5 GB\); the deletion service deletes the files\./,
    );
    assert.deepEqual(await statuses(db, [11, 12, 13, 14]), {
      11: 'deletion_scheduled',
      12: 'present',
      13: 'present',
      14: 'present',
    });
    const rest = await cli('copy', 'schedule-deletion', '--location', 'ccat/telescope_computer', '--yes', '--json');
    assert.equal(rest.status, 0, rest.stderr);
    assert.deepEqual(
      rest.json().scheduled.map((c: { id: number }) => c.id),
      [12],
    );
    const none = await cli('copy', 'schedule-deletion', '--location', 'ccat/telescope_computer', '--yes');
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /No copy at ccat\/telescope_computer may be deleted now; nothing changed\./);
    const quiet = await cli('copy', 'schedule-deletion', '--location', 'ccat/telescope_computer', '--yes', '--quiet');
    assert.deepEqual([quiet.status, quiet.stdout, quiet.stderr], [0, '', '']);
    const lta = await cli('copy', 'schedule-deletion', '--location', 'us/lta', '--yes');
    assert.equal(lta.status, 0, lta.stderr);
    assert.match(lta.stdout, /never offers archive copies for deletion; nothing changed\./);
  });

  it('two schedule-deletion runs at once on one location schedule each copy once', async () => {
    const before = await statuses(db, [1, 2, 3, 4]);
    assert.deepEqual(Object.values(before), ['present', 'present', 'present', 'present']);
    const args = ['copy', 'schedule-deletion', '--location', 'cologne/buffer', '--yes', '--json'];
    const runs = await Promise.all([runCliAsync(args, { url: db.url }), runCliAsync(args, { url: db.url })]);
    const scheduled: number[] = [];
    for (const r of runs) {
      assert.equal(r.status, 0, r.stderr);
      scheduled.push(...r.json().scheduled.map((c: { id: number }) => c.id));
    }
    assert.deepEqual(
      scheduled.sort((a, b) => a - b),
      [1, 2, 3, 4],
      'each copy scheduled by exactly one run',
    );
    assert.deepEqual(await statuses(db, [1, 2, 3, 4]), {
      1: 'deletion_scheduled',
      2: 'deletion_scheduled',
      3: 'deletion_scheduled',
      4: 'deletion_scheduled',
    });
  });
});
