import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops observatory | telescope', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const telescope = async (name: string) =>
    (
      await db.query(
        'select t.*, o.name as observatory from telescope t join observatory o on o.id = t.observatory_id where t.name = $1',
        [name],
      )
    )[0];

  before(async () => {
    assert.equal((await cli('observatory', 'add', '--name', 'CCAT Observatory')).status, 0);
  });

  it('adds a telescope by natural keys and shows it in list and show', async () => {
    const r = await cli(
      'telescope',
      'add',
      '--name',
      'FYST',
      '--observatory',
      'CCAT Observatory',
      '--latitude',
      '-22.986',
      '--altitude',
      '5600',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered telescope 'FYST'.");
    const row = await telescope('FYST');
    assert.equal(row.observatory, 'CCAT Observatory');
    assert.equal(row.latitude_deg, -22.986);
    const list = await cli('telescope', 'list', '--json');
    assert.deepEqual(
      list.json().items.map((t: { name: string }) => t.name),
      ['FYST'],
    );
    const show = await cli('telescope', 'show', 'FYST', '--json');
    assert.equal(show.json().altitude, 5600);
    assert.deepEqual(show.json().instruments, []);
  });

  it('is idempotent: the same add again says "already registered" and writes nothing', async () => {
    const before = await telescope('FYST');
    const r = await cli(
      'telescope',
      'add',
      '--name',
      'FYST',
      '--observatory',
      'CCAT Observatory',
      '--latitude',
      '-22.986',
      '--altitude',
      '5600',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /already registered/);
    assert.deepEqual((await telescope('FYST')).updated_at, before.updated_at);
  });

  it('refuses an add with different values, showing the difference and pointing to update', async () => {
    const r = await cli(
      'telescope',
      'add',
      '--name',
      'FYST',
      '--observatory',
      'CCAT Observatory',
      '--altitude',
      '5612',
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already registered with other values \(altitude\)/);
    assert.match(r.stderr, /telescope update 'FYST'.*\n\s+altitude: 5600 → 5612/);
    assert.equal((await telescope('FYST')).altitude_m, 5600);
  });

  it('updates with before and after, and --dry-run writes nothing', async () => {
    const dry = await cli('telescope', 'update', 'FYST', '--altitude', '5612', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update telescope 'FYST' \(dry run: nothing written\):\n\s+altitude: 5600 → 5612/);
    assert.equal((await telescope('FYST')).altitude_m, 5600);
    const r = await cli('telescope', 'update', 'FYST', '--altitude', '5612', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [{ field: 'altitude', before: 5600, after: 5612 }]);
    assert.equal((await telescope('FYST')).altitude_m, 5612);
  });

  it('stores quotes and SQL metacharacters verbatim', async () => {
    const text = `Robert'); drop table telescope;-- "quoted" \\ %_`;
    const r = await cli('telescope', 'update', 'FYST', '--description', text);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await telescope('FYST')).description, text);
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const count = async () => Number((await db.query('select count(*) as n from telescope'))[0].n);
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['--name', '', '--observatory', 'CCAT Observatory'], /--name: must not be empty/],
      [['--name', 'x'.repeat(256), '--observatory', 'CCAT Observatory'], /--name: must be at most 255 characters/],
      [['--name', 'bad\u0007name', '--observatory', 'CCAT Observatory'], /--name: must not contain control characters/],
      [
        ['--name', 'T', '--observatory', 'CCAT Observatory', '--latitude', '91'],
        /--latitude: must be between -90 and 90/,
      ],
      [
        ['--name', 'T', '--observatory', 'CCAT Observatory', '--altitude', 'high'],
        /--altitude: 'high' is not a number/,
      ],
      [['--observatory', 'CCAT Observatory'], /missing required flag --name/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('telescope', 'add', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    assert.equal(await count(), before);
  });

  it('exits 4 for an unknown observatory or telescope, suggesting the nearest name', async () => {
    const r = await cli('telescope', 'add', '--name', 'X', '--observatory', 'CCAT Observatry');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no observatory 'CCAT Observatry'; did you mean 'CCAT Observatory'\?/);
    const show = await cli('telescope', 'show', 'FYTS', '--json');
    assert.equal(show.status, 4);
    assert.equal(show.json().error.name, 'NotFound');
  });

  it('filters, sorts and renders lists', async () => {
    assert.equal((await cli('telescope', 'add', '--name', 'APEX', '--observatory', 'CCAT Observatory')).status, 0);
    const csv = await cli('telescope', 'list', '--sort', '-name', '--output', 'csv', '--columns', 'name,observatory');
    assert.equal(csv.stdout, 'name,observatory\nFYST,CCAT Observatory\nAPEX,CCAT Observatory\n');
    const limited = await cli('telescope', 'list', '--limit', '1', '--output', 'ndjson');
    assert.equal(limited.stdout.trim().split('\n').length, 1);
    const none = await cli('telescope', 'list', '--observatory', 'Nope');
    assert.equal(none.status, 4);
  });

  it('asks for missing values on a terminal, shows a summary and confirms', async () => {
    const r = await runInTerminal(
      ['telescope', 'add'],
      ['LMT', '', 'Large Millimeter Telescope', '18.98', '-97.31', '4600', 'y'],
      {
        url: db.url,
      },
    );
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Telescope name/);
    assert.match(r.screen, /Summary:/);
    assert.match(r.screen, /Registered telescope 'LMT'/);
    const row = await telescope('LMT');
    assert.equal(row.observatory, 'CCAT Observatory');
    assert.equal(row.altitude_m, 4600);
  });

  it('stops quietly at Ctrl-C on a prompt: exit 130, one line, nothing written', async () => {
    const r = await runInTerminal(['telescope', 'add'], ['GLT', '\u0003'], { url: db.url });
    assert.equal(r.status, 130, r.screen);
    assert.match(r.screen, /Error: interrupted at a prompt; nothing was written\n/);
    assert.doesNotMatch(r.screen, /force closed|--verbose|Try:/);
    assert.equal(await telescope('GLT'), undefined);
  });
});
