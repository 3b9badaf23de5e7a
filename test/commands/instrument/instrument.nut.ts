import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops instrument', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const instrument = async (name: string, telescope = 'FYST') =>
    (
      await db.query(
        'select i.*, t.name as telescope from instrument i join telescope t on t.id = i.telescope_id where i.name = $1 and t.name = $2',
        [name, telescope],
      )
    )[0];
  const count = async () => Number((await db.query('select count(*) as n from instrument'))[0].n);

  before(async () => {
    assert.equal((await cli('observatory', 'add', '--name', 'CCAT Observatory')).status, 0);
    for (const t of ['FYST', 'APEX'])
      assert.equal((await cli('telescope', 'add', '--name', t, '--observatory', 'CCAT Observatory')).status, 0);
  });

  it('adds an instrument by natural keys and shows it in list and show', async () => {
    const r = await cli('instrument', 'add', '--telescope', 'FYST', '--name', 'CHAI', '--type', 'heterodyne');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered instrument 'CHAI' on FYST.");
    const row = await instrument('CHAI');
    assert.equal(row.instrument_type, 'heterodyne');
    assert.equal(row.available, true);
    const list = await cli('instrument', 'list', '--json');
    assert.deepEqual(
      list.json().items.map((i: { name: string; telescope: string }) => `${i.telescope}/${i.name}`),
      ['FYST/CHAI'],
    );
    const show = await cli('instrument', 'show', 'CHAI', '--telescope', 'FYST', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().type, 'heterodyne');
    assert.deepEqual(show.json().modules, []);
    const text = await cli('instrument', 'show', 'CHAI');
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /telescope\s+FYST/);
    assert.match(text.stdout, /modules\s+none/);
  });

  it('is idempotent: the same add again says "already registered" and writes nothing', async () => {
    const before = await instrument('CHAI');
    const r = await cli(
      'instrument',
      'add',
      '--telescope',
      'FYST',
      '--name',
      'CHAI',
      '--type',
      'heterodyne',
      '--available',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Instrument 'CHAI' on FYST is already registered: nothing changed/);
    assert.deepEqual((await instrument('CHAI')).updated_at, before.updated_at);
    assert.equal(await count(), 1);
  });

  it('refuses an add with different values, showing the difference and pointing to update', async () => {
    const r = await cli('instrument', 'add', '--telescope', 'FYST', '--name', 'CHAI', '--type', 'spectrometer');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /instrument 'CHAI' on FYST is already registered with other values \(type\)/);
    assert.match(r.stderr, /instrument update 'CHAI' --telescope 'FYST'.*\n\s+type: heterodyne → spectrometer/);
    assert.equal((await instrument('CHAI')).instrument_type, 'heterodyne');
  });

  it('updates with before and after, and --dry-run writes nothing', async () => {
    const dry = await cli(
      'instrument',
      'update',
      'CHAI',
      '--telescope',
      'FYST',
      '--description',
      'CCAT Heterodyne Array Instrument',
      '--dry-run',
    );
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would update instrument 'CHAI' on FYST \(dry run: nothing written\):\n\s+description: \(none\) → CCAT Heterodyne Array Instrument/,
    );
    assert.equal((await instrument('CHAI')).description, null);
    const r = await cli(
      'instrument',
      'update',
      'CHAI',
      '--telescope',
      'FYST',
      '--description',
      'CCAT Heterodyne Array Instrument',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [
      { field: 'description', before: null, after: 'CCAT Heterodyne Array Instrument' },
    ]);
    assert.equal((await instrument('CHAI')).description, 'CCAT Heterodyne Array Instrument');
    const again = await cli(
      'instrument',
      'update',
      'CHAI',
      '--telescope',
      'FYST',
      '--description',
      'CCAT Heterodyne Array Instrument',
    );
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already has these values: nothing changed/);
  });

  it('renames, refusing a name already taken on the same telescope', async () => {
    assert.equal(
      (await cli('instrument', 'add', '--telescope', 'FYST', '--name', 'Prime-Cam', '--type', 'continuum camera'))
        .status,
      0,
    );
    const clash = await cli('instrument', 'update', 'Prime-Cam', '--telescope', 'FYST', '--new-name', 'CHAI');
    assert.equal(clash.status, 1);
    assert.match(clash.stderr, /instrument 'CHAI' on FYST exists/);
    const r = await cli('instrument', 'update', 'Prime-Cam', '--telescope', 'FYST', '--new-name', 'PrimeCam');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Updated instrument 'Prime-Cam' on FYST:\n\s+name: Prime-Cam → PrimeCam/);
    assert.ok(await instrument('PrimeCam'));
    assert.equal(
      (await cli('instrument', 'update', 'PrimeCam', '--telescope', 'FYST', '--new-name', 'Prime-Cam')).status,
      0,
    );
  });

  it('sets availability: dry run, change, and the same again changes nothing', async () => {
    const dry = await cli('instrument', 'set-available', 'CHAI', 'false', '--telescope', 'FYST', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would mark instrument 'CHAI' on FYST unavailable \(dry run: nothing written\)/);
    assert.equal((await instrument('CHAI')).available, true);
    const r = await cli('instrument', 'set-available', 'CHAI', 'false', '--telescope', 'FYST');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Marked instrument 'CHAI' on FYST unavailable.");
    assert.equal((await instrument('CHAI')).available, false);
    const before = await instrument('CHAI');
    const again = await cli('instrument', 'set-available', 'CHAI', 'false', '--telescope', 'FYST');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.trim(), "Instrument 'CHAI' on FYST is already unavailable: nothing changed.");
    assert.deepEqual((await instrument('CHAI')).updated_at, before.updated_at);
    const bad = await cli('instrument', 'set-available', 'CHAI', 'maybe', '--telescope', 'FYST');
    assert.equal(bad.status, 2);
    const json = await cli('instrument', 'set-available', 'CHAI', 'true', '--telescope', 'FYST', '--json');
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.json().status, 'updated');
    assert.equal(json.json().item.available, true);
  });

  it('filters, sorts and renders lists', async () => {
    const add = await cli(
      'instrument',
      'add',
      '--telescope',
      'APEX',
      '--name',
      'CHAI',
      '--type',
      'heterodyne',
      '--no-available',
    );
    assert.equal(add.status, 0, add.stderr);
    assert.equal((await instrument('CHAI', 'APEX')).available, false);
    const csv = await cli(
      'instrument',
      'list',
      '--sort',
      'telescope',
      '--output',
      'csv',
      '--columns',
      'telescope,name,available',
    );
    assert.equal(csv.stdout, 'telescope,name,available\nAPEX,CHAI,no\nFYST,CHAI,yes\nFYST,Prime-Cam,yes\n');
    const names = async (...args: string[]) =>
      (await cli('instrument', 'list', '--json', ...args))
        .json()
        .items.map((i: { name: string; telescope: string }) => `${i.telescope}/${i.name}`);
    assert.deepEqual(await names('--telescope', 'APEX'), ['APEX/CHAI']);
    assert.deepEqual(await names('--unavailable'), ['APEX/CHAI']);
    assert.deepEqual(await names('--available'), ['FYST/CHAI', 'FYST/Prime-Cam']);
    assert.deepEqual(await names('--sort', '-name', '--telescope', 'FYST'), ['FYST/Prime-Cam', 'FYST/CHAI']);
    assert.equal(
      (await cli('instrument', 'list', '--limit', '1', '--output', 'ndjson')).stdout.trim().split('\n').length,
      1,
    );
    assert.equal((await cli('instrument', 'list', '--available', '--unavailable')).status, 2);
    assert.equal((await cli('instrument', 'list', '--telescope', 'Nope')).status, 4);
  });

  it('show needs --telescope only when the name is on several telescopes', async () => {
    const ambiguous = await cli('instrument', 'show', 'CHAI');
    assert.equal(ambiguous.status, 2);
    assert.match(
      ambiguous.stderr,
      /instrument 'CHAI' is on several telescopes \(APEX, FYST\); say which with --telescope/,
    );
    const apex = await cli('instrument', 'show', 'CHAI', '--telescope', 'APEX', '--json');
    assert.equal(apex.status, 0, apex.stderr);
    assert.equal(apex.json().telescope, 'APEX');
    const unique = await cli('instrument', 'show', 'Prime-Cam', '--json');
    assert.equal(unique.status, 0, unique.stderr);
    assert.equal(unique.json().telescope, 'FYST');
  });

  it('stores quotes and SQL metacharacters verbatim', async () => {
    const name = `Robert'); drop table instrument;--`;
    const text = `"quoted" \\ %_ ' ;`;
    const r = await cli(
      'instrument',
      'add',
      '--telescope',
      'FYST',
      '--name',
      name,
      '--type',
      "it's %",
      '--description',
      text,
    );
    assert.equal(r.status, 0, r.stderr);
    const row = await instrument(name);
    assert.equal(row.description, text);
    assert.equal(row.instrument_type, "it's %");
    assert.equal((await cli('instrument', 'show', name, '--json')).json().name, name);
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['--name', '', '--type', 'x'], /--name: must not be empty/],
      [['--name', 'x'.repeat(256), '--type', 'x'], /--name: must be at most 255 characters/],
      [['--name', 'bad\u0007name', '--type', 'x'], /--name: must not contain control characters/],
      [['--name', 'T', '--type', 'x'.repeat(65)], /--type: must be at most 64 characters/],
      [['--name', 'T', '--type', ' '], /--type: must not be empty/],
      [['--name', 'T'], /missing required flag --type/],
      [['--type', 'x'], /missing required flag --name/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('instrument', 'add', '--telescope', 'FYST', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    const missing = await cli('instrument', 'add', '--name', 'T', '--type', 'x');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing required flag --telescope/);
    const update = await cli('instrument', 'update', 'CHAI', '--telescope', 'FYST', '--new-name', '');
    assert.equal(update.status, 2);
    assert.match(update.stderr, /--new-name: must not be empty/);
    assert.equal(await count(), before);
  });

  it('exits 4 for an unknown telescope or instrument, suggesting the nearest name', async () => {
    const r = await cli('instrument', 'add', '--telescope', 'FYTS', '--name', 'X', '--type', 'x');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no telescope 'FYTS'; did you mean 'FYST'\?/);
    const show = await cli('instrument', 'show', 'CHIA', '--telescope', 'FYST');
    assert.equal(show.status, 4);
    assert.match(show.stderr, /'CHIA'; did you mean 'CHAI'\?/);
    const json = await cli('instrument', 'update', 'Nope', '--type', 'x', '--json');
    assert.equal(json.status, 4);
    assert.equal(json.json().error.name, 'NotFound');
    assert.equal((await cli('instrument', 'set-available', 'CHIA', 'true')).status, 4);
  });

  it('asks for missing values on a terminal, offering the telescopes, and confirms', async () => {
    // The telescope is chosen from a list (APEX first, by name); the description is left empty.
    const r = await runInTerminal(['instrument', 'add'], ['', 'SEPIA', 'heterodyne', '', 'y'], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Telescope/);
    assert.match(r.screen, /FYST/);
    assert.match(r.screen, /Summary:/);
    assert.match(r.screen, /Registered instrument 'SEPIA' on APEX/);
    const row = await instrument('SEPIA', 'APEX');
    assert.equal(row.instrument_type, 'heterodyne');
    assert.equal(row.description, null);
  });

  it("shows an instrument's modules with their numbers (none: null); lists say which filter value is unknown", async () => {
    assert.equal((await cli('telescope', 'add', '--name', 'LCT', '--observatory', 'CCAT Observatory')).status, 0);
    assert.equal((await cli('instrument', 'add', '--telescope', 'LCT', '--name', 'Cam', '--type', 'x')).status, 0);
    const module = async (...args: string[]) => {
      const r = await cli('module', 'add', '--telescope', 'LCT', '--instrument', 'Cam', ...args);
      assert.equal(r.status, 0, r.stderr);
    };
    await module('--name', 'LFA', '--pixels', '7', '--freq-min', '455.25', '--freq-max', '495.125', '--no-available');
    await module('--name', 'Bare');
    const show = await cli('instrument', 'show', 'Cam', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.deepEqual(show.json().modules, [
      { name: 'Bare', pixels: null, freqMin: null, freqMax: null, available: true },
      { name: 'LFA', pixels: 7, freqMin: 455.25, freqMax: 495.125, available: false },
    ]);
    assert.equal(show.json().description, null);
    assert.match(
      (await cli('instrument', 'show', 'Cam')).stdout,
      /^modules +Bare, LFA \(7 px, 455\.25–495\.125 GHz, unavailable\)$/m,
    );
    const none = await cli('instrument', 'list', '--telescope', 'LCT', '--unavailable', '--json');
    assert.deepEqual(none.json(), { items: [], next: null });
    const telescope = await cli('instrument', 'list', '--telescope', 'FYTS');
    assert.equal(telescope.status, 4);
    assert.equal(
      telescope.stderr,
      "Error: no telescope 'FYTS'; did you mean 'FYST'?\nTry: list them with `ccat-ops telescope list`\n",
    );
    const anywhere = await cli('instrument', 'show', 'Cma');
    assert.equal(anywhere.status, 4);
    assert.equal(
      anywhere.stderr,
      "Error: no instrument 'Cma'; did you mean 'Cam'?\nTry: list them with `ccat-ops instrument list`\n",
    );
    const onTelescope = await cli('instrument', 'show', 'Cma', '--telescope', 'LCT', '--json');
    assert.equal(onTelescope.status, 4);
    assert.equal(onTelescope.json().error.message, "no instrument on LCT named 'Cma'; did you mean 'Cam'?");
    assert.deepEqual(onTelescope.json().error.actions, ["list them with `ccat-ops instrument list --telescope 'LCT'`"]);
  });
});
