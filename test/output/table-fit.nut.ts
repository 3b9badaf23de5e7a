import assert from 'node:assert/strict';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { type CliResult } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';
import { runInTerminal } from '../helpers/run-in-terminal.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** Every list command, with the `show` command that takes the ids in its first column (when it has one), headed `header`. */
const LISTS: { list: string[]; show?: string[]; header?: string }[] = [
  { list: ['transfer', 'list'], show: ['transfer', 'show'] },
  { list: ['transfer', 'backlog'] },
  { list: ['file', 'list'], show: ['file', 'show'] },
  { list: ['package', 'list'], show: ['package', 'show'] },
  { list: ['executed', 'list'], show: ['executed', 'show'] },
  { list: ['copy', 'list'] },
  { list: ['copy', 'deletable', '--location', 'cologne/buffer'] },
  { list: ['archive', 'list'] },
  { list: ['archive', 'backlog'] },
  { list: ['staging', 'list'], show: ['staging', 'show'] },
  { list: ['audit', 'runs'], show: ['audit', 'show'] },
  { list: ['audit', 'findings'] },
  { list: ['location', 'list'] },
  { list: ['location', 'usage'] },
  { list: ['route', 'list'] },
  { list: ['site', 'list'] },
  { list: ['observatory', 'list'] },
  { list: ['telescope', 'list'] },
  { list: ['instrument', 'list'] },
  { list: ['module', 'list'] },
  { list: ['program', 'list'] },
  { list: ['source', 'list'] },
  { list: ['obs-unit', 'list'] },
  { list: ['user', 'list'] },
  { list: ['role', 'list'] },
  { list: ['token', 'list'] },
  { list: ['db', 'status'] },
];

const LONG_PATH = `raw/chai/lfa/2026/12/02/${'scan-0001-'.repeat(8)}orion-kl.fits`;
const LONG_NAME = 'chai-lfa-2026-12-02T010203-01';
const LONG_ERROR = `bbcp: connection reset by peer while writing to cologne-buffer-01 ${'(retrying) '.repeat(10)}end`;

/**
 * The first cell of each table row (not the headers) of the tables whose first column is `header`:
 * what the list shows as each row's id.
 */
function firstCells(screen: string, header = 'ID'): string[] {
  const cells: string[] = [];
  let state: 'header' | 'take' | 'skip' = 'skip';
  for (const line of screen.split('\n')) {
    if (line.startsWith('┌')) state = 'header';
    else if (line.startsWith('│') && state === 'header') state = line.split('│')[1].trim() === header ? 'take' : 'skip';
    else if (line.startsWith('│') && state === 'take') cells.push(line.split('│')[1].trim());
  }
  return cells;
}

/** The lines of the tables on the screen (prose, which the terminal wraps, aside). */
const tableLines = (screen: string) => screen.split('\n').filter((l) => /^[┌│├└]/.test(l));

describe('tables fit the terminal, and every id they show can be given back', function () {
  this.timeout(900_000);
  const db = useTestDatabase();

  before(async () => {
    await loadOpsFixture(db);
    // Long free text and ids of chance (not the fixture's made-up ones): what real data looks like.
    await db.query(`update data_transfer set error_message = $1 where status = 'failed'`, [LONG_ERROR]);
    await db.query(
      `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, status, state)
       select $1::text, executed_obs_unit_id, instrument_module_id, 'packages/' || $1::text || '.tar', 10, 'pending', 'waiting'
         from raw_data_package where name = 'P1'`,
      [LONG_NAME],
    );
    await db.query(
      `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                                  checksum, checksum_algorithm)
       select executed_obs_unit_id, instrument_module_id, id, $1::text || g, 10, repeat('ab', 32), 'sha256'
         from raw_data_package, generate_series(1, 30) g where name = $2`,
      [LONG_PATH, LONG_NAME],
    );
    // Its tar's checksum once its files are in: a sealed package keeps its files.
    await db.query(`update raw_data_package set checksum = 'x', checksum_algorithm = 'sha256' where name = $1`, [
      LONG_NAME,
    ]);
  });

  for (const columns of [80, 200]) {
    it(`renders every list within ${columns} columns, and each id shown resolves with show`, async () => {
      for (const [i, { list, show, header }] of LISTS.entries()) {
        // The first on a real terminal, the others in-process with output to a terminal of that size.
        const r =
          i === 0
            ? await runInTerminal(list, [], { url: db.url }, { columns, rows: 40 })
            : await runCommand(list, { url: db.url, terminal: { columns, rows: 40 } }).then((c) => ({
                status: c.status,
                screen: c.stdout + c.stderr,
              }));
        assert.equal(r.status, 0, `${list.join(' ')}: ${r.screen}`);
        const long = tableLines(r.screen).filter((l) => [...l].length > columns);
        assert.deepEqual(long, [], `${list.join(' ')} at ${columns} columns`);
        if (!show) continue;
        const ids = firstCells(r.screen, header);
        for (let at = 0; at < ids.length; at += 4) {
          const batch = ids.slice(at, at + 4);
          const results: CliResult[] = await Promise.all(
            batch.map((id) => runCommand([...show, id, '--json'], { url: db.url })),
          );
          results.forEach((res, k) => assert.equal(res.status, 0, `${show.join(' ')} ${batch[k]}: ${res.stderr}`));
        }
      }
    });
  }

  it('shows ids as their shortest unique prefix on a terminal, cuts free text in the middle, and --wide shows all', async () => {
    const narrow = await runInTerminal(
      ['file', 'list', '--limit', '5'],
      [],
      { url: db.url },
      { columns: 80, rows: 40 },
    );
    const ids = firstCells(narrow.screen);
    assert.ok(ids.length > 0);
    for (const id of ids) assert.ok(id.length >= 8 && id.length < 36, `a short prefix, not ${id}`);
    assert.match(narrow.screen, /raw\/chai\/lfa.*….*orion-kl\.fits\d+/, 'the path is cut in the middle');
    assert.ok(!narrow.screen.includes('Checksum'), 'the checksum is the first to go');
    const wide = await runInTerminal(
      ['file', 'list', '--limit', '5', '--wide'],
      [],
      { url: db.url },
      { columns: 80, rows: 40 },
    );
    assert.ok(wide.screen.includes(LONG_PATH), 'the whole path');
    assert.ok(wide.screen.includes(`${'ab'.repeat(32)}`), 'the whole checksum');
    for (const id of firstCells(wide.screen)) assert.equal(id.length, 36);
  });

  it('cuts nothing and shortens no id when piped', async () => {
    const r = await runCommand(['file', 'list', '--limit', '5'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(LONG_PATH));
    for (const id of firstCells(r.stdout)) assert.equal(id.length, 36);
    const transfers = await runCommand(['transfer', 'list'], { url: db.url });
    assert.ok(transfers.stdout.includes(LONG_ERROR));
  });

  it('streams --all as a table a screenful at a time, in the widths of the first where they do, within the terminal', async () => {
    const r = await runInTerminal(['file', 'list', '--all'], [], { url: db.url }, { columns: 80, rows: 20 });
    assert.equal(r.status, 0, r.screen);
    const rows = firstCells(r.screen);
    const total = (await db.query<{ n: number }>('select count(*)::int as n from raw_data_file'))[0].n;
    assert.equal(rows.length, total);
    // 16 rows a screen: three chunks, laid out from the first, anew only where whole values outgrow it.
    const tables = r.screen.split('\n').filter((l) => l.startsWith('┌')).length;
    assert.ok(tables >= 1 && tables < 3, `${tables} tables`);
    assert.deepEqual(
      tableLines(r.screen).filter((l) => [...l].length > 80),
      [],
    );
    const s = await runCommand(['file', 'show', rows[rows.length - 1], '--json'], { url: db.url });
    assert.equal(s.status, 0, s.stderr);
  });
});
