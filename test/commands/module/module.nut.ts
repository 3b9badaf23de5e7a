import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops module', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const module = async (name: string, instrument = 'CHAI', telescope = 'FYST') =>
    (
      await db.query(
        `select m.* from instrument_module m join instrument i on i.id = m.instrument_id
           join telescope t on t.id = i.telescope_id where m.name = $1 and i.name = $2 and t.name = $3`,
        [name, instrument, telescope],
      )
    )[0];
  const count = async () => Number((await db.query('select count(*) as n from instrument_module'))[0].n);
  const FYST_CHAI = ['--telescope', 'FYST', '--instrument', 'CHAI'];

  before(async () => {
    const ok = async (...args: string[]) => {
      const r = await cli(...args);
      assert.equal(r.status, 0, r.stderr);
    };
    await ok('observatory', 'add', '--name', 'CCAT Observatory');
    for (const t of ['FYST', 'APEX']) await ok('telescope', 'add', '--name', t, '--observatory', 'CCAT Observatory');
    await ok('instrument', 'add', '--telescope', 'FYST', '--name', 'CHAI', '--type', 'heterodyne');
    await ok('instrument', 'add', '--telescope', 'FYST', '--name', 'Prime-Cam', '--type', 'continuum camera');
    await ok('instrument', 'add', '--telescope', 'APEX', '--name', 'CHAI', '--type', 'heterodyne');
  });

  it('adds a module by natural keys and shows it in list, show and instrument show', async () => {
    const r = await cli(
      'module',
      'add',
      ...FYST_CHAI,
      '--name',
      'LFA',
      '--pixels',
      '64',
      '--freq-min',
      '455',
      '--freq-max',
      '495',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered module 'LFA' of CHAI on FYST.");
    const row = await module('LFA');
    assert.equal(row.pixels, 64);
    assert.equal(row.freq_min_ghz, 455);
    assert.equal(row.freq_max_ghz, 495);
    assert.equal(row.available, true);
    const list = await cli('module', 'list', '--json');
    assert.deepEqual(
      list
        .json()
        .items.map(
          (m: { name: string; instrument: string; telescope: string }) => `${m.telescope}/${m.instrument}/${m.name}`,
        ),
      ['FYST/CHAI/LFA'],
    );
    const show = await cli('module', 'show', 'LFA', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().freqMax, 495);
    assert.equal(show.json().telescope, 'FYST');
    const parent = await cli('instrument', 'show', 'CHAI', '--telescope', 'FYST');
    assert.match(parent.stdout, /LFA \(64 px, 455–495 GHz\)/);
  });

  it('is idempotent: the same add again says "already registered" and writes nothing', async () => {
    const before = await module('LFA');
    const r = await cli('module', 'add', ...FYST_CHAI, '--name', 'LFA', '--pixels', '64', '--freq-max', '495');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Module 'LFA' of CHAI on FYST is already registered: nothing changed/);
    assert.deepEqual((await module('LFA')).updated_at, before.updated_at);
    assert.equal(await count(), 1);
  });

  it('refuses an add with different values, showing the difference and pointing to update', async () => {
    const r = await cli('module', 'add', ...FYST_CHAI, '--name', 'LFA', '--pixels', '32');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /module 'LFA' of CHAI on FYST is already registered with other values \(pixels\)/);
    assert.match(r.stderr, /module update 'LFA' --instrument 'CHAI' --telescope 'FYST'.*\n\s+pixels: 64 → 32/);
    assert.equal((await module('LFA')).pixels, 64);
  });

  it('updates with before and after, and --dry-run writes nothing', async () => {
    const dry = await cli('module', 'update', 'LFA', ...FYST_CHAI, '--freq-max', '500', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would update module 'LFA' of CHAI on FYST \(dry run: nothing written\):\n\s+freqMax: 495 → 500/,
    );
    assert.equal((await module('LFA')).freq_max_ghz, 495);
    const r = await cli(
      'module',
      'update',
      'LFA',
      ...FYST_CHAI,
      '--freq-max',
      '500',
      '--description',
      'Low-frequency array',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [
      { field: 'description', before: null, after: 'Low-frequency array' },
      { field: 'freqMax', before: 495, after: 500 },
    ]);
    const row = await module('LFA');
    assert.equal(row.freq_max_ghz, 500);
    assert.equal(row.description, 'Low-frequency array');
    const above = await cli('module', 'update', 'LFA', ...FYST_CHAI, '--freq-min', '600');
    assert.equal(above.status, 2);
    assert.match(above.stderr, /--freq-min: must not be above the module's highest frequency \(500 GHz\)/);
    assert.equal((await module('LFA')).freq_min_ghz, 455);
  });

  it('sets availability: dry run, change, and the same again changes nothing', async () => {
    const dry = await cli('module', 'set-available', 'LFA', 'false', ...FYST_CHAI, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would mark module 'LFA' of CHAI on FYST unavailable \(dry run: nothing written\)/);
    assert.equal((await module('LFA')).available, true);
    const r = await cli('module', 'set-available', 'LFA', 'false', ...FYST_CHAI);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Marked module 'LFA' of CHAI on FYST unavailable.");
    assert.equal((await module('LFA')).available, false);
    const again = await cli('module', 'set-available', 'LFA', 'false', ...FYST_CHAI);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.trim(), "Module 'LFA' of CHAI on FYST is already unavailable: nothing changed.");
  });

  it('filters, sorts and renders lists; ambiguous names ask for the instrument', async () => {
    const ok = async (...args: string[]) => {
      const r = await cli('module', 'add', ...args);
      assert.equal(r.status, 0, r.stderr);
    };
    await ok(...FYST_CHAI, '--name', 'HFA', '--pixels', '64');
    await ok('--instrument', 'Prime-Cam', '--name', '280 GHz'); // the instrument name is unique: no --telescope needed
    await ok('--telescope', 'APEX', '--instrument', 'CHAI', '--name', 'LFA', '--no-available');
    const names = async (...args: string[]) =>
      (await cli('module', 'list', '--json', ...args))
        .json()
        .items.map(
          (m: { name: string; instrument: string; telescope: string }) => `${m.telescope}/${m.instrument}/${m.name}`,
        );
    assert.deepEqual(await names(...FYST_CHAI), ['FYST/CHAI/HFA', 'FYST/CHAI/LFA']);
    assert.deepEqual(await names('--instrument', 'CHAI'), ['FYST/CHAI/HFA', 'APEX/CHAI/LFA', 'FYST/CHAI/LFA']);
    assert.deepEqual(await names('--instrument', 'CHAI', '--sort', 'telescope'), [
      'APEX/CHAI/LFA',
      'FYST/CHAI/HFA',
      'FYST/CHAI/LFA',
    ]);
    assert.deepEqual(await names('--telescope', 'APEX'), ['APEX/CHAI/LFA']);
    assert.deepEqual(await names('--unavailable'), ['APEX/CHAI/LFA', 'FYST/CHAI/LFA']);
    assert.deepEqual(await names('--available'), ['FYST/Prime-Cam/280 GHz', 'FYST/CHAI/HFA']);
    const csv = await cli(
      'module',
      'list',
      '--sort',
      '-name',
      '--output',
      'csv',
      '--columns',
      'name,instrument,pixels',
      '--telescope',
      'FYST',
    );
    assert.equal(csv.stdout, 'name,instrument,pixels\nLFA,CHAI,64\nHFA,CHAI,64\n280 GHz,Prime-Cam,\n');
    assert.equal(
      (await cli('module', 'list', '--limit', '2', '--output', 'ndjson')).stdout.trim().split('\n').length,
      2,
    );
    const ambiguous = await cli('module', 'show', 'LFA');
    assert.equal(ambiguous.status, 2);
    assert.match(ambiguous.stderr, /module 'LFA' belongs to several instruments \(CHAI on APEX, CHAI on FYST\)/);
    const alsoAmbiguous = await cli('module', 'show', 'LFA', '--instrument', 'CHAI');
    assert.equal(alsoAmbiguous.status, 2);
    assert.match(alsoAmbiguous.stderr, /instrument 'CHAI' is on several telescopes/);
    assert.equal((await cli('module', 'show', 'LFA', '--telescope', 'APEX', '--json')).json().available, false);
    assert.equal((await cli('module', 'show', 'HFA', '--json')).json().instrument, 'CHAI');
    const addAmbiguous = await cli('module', 'add', '--instrument', 'CHAI', '--name', 'X');
    assert.equal(addAmbiguous.status, 2);
    assert.match(addAmbiguous.stderr, /say which with --telescope/);
  });

  it('stores quotes and SQL metacharacters verbatim', async () => {
    const name = `Robert'); drop table instrument_module;--`;
    const text = `"quoted" \\ %_ ' ;`;
    const r = await cli('module', 'add', ...FYST_CHAI, '--name', name, '--description', text);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await module(name)).description, text);
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['--name', ''], /--name: must not be empty/],
      [['--name', 'x'.repeat(256)], /--name: must be at most 255 characters/],
      [['--name', 'bad\u0007name'], /--name: must not contain control characters/],
      [['--name', 'M', '--pixels', '0'], /--pixels: must be a whole number between 1 and 2147483647/],
      [['--name', 'M', '--pixels', '-3'], /--pixels: must be a whole number between 1 and 2147483647/],
      [['--name', 'M', '--pixels', '1.5'], /--pixels: must be a whole number between 1 and 2147483647/],
      [['--name', 'M', '--pixels', 'many'], /--pixels: 'many' is not a number/],
      [['--name', 'M', '--freq-min', '500', '--freq-max', '400'], /--freq-min: must not be above --freq-max/],
      [['--name', 'M', '--freq-min', '-1'], /--freq-min: must not be negative/],
      [[], /missing required flag --name/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('module', 'add', ...FYST_CHAI, ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    const noInstrument = await cli('module', 'add', '--telescope', 'FYST', '--name', 'M');
    assert.equal(noInstrument.status, 2);
    assert.match(noInstrument.stderr, /missing required flag --instrument/);
    const update = await cli('module', 'update', 'HFA', ...FYST_CHAI, '--freq-min', '500', '--freq-max', '400');
    assert.equal(update.status, 2);
    assert.match(update.stderr, /--freq-min: must not be above --freq-max/);
    assert.equal(await count(), before);
    assert.equal((await module('HFA')).freq_min_ghz, null);
  });

  it('exits 4 for an unknown telescope, instrument or module, suggesting the nearest name', async () => {
    const r = await cli('module', 'add', '--telescope', 'FYST', '--instrument', 'CHIA', '--name', 'X');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /'CHIA'; did you mean 'CHAI'\?/);
    const t = await cli('module', 'add', '--telescope', 'FYTS', '--instrument', 'CHAI', '--name', 'X');
    assert.equal(t.status, 4);
    assert.match(t.stderr, /no telescope 'FYTS'; did you mean 'FYST'\?/);
    const show = await cli('module', 'show', 'LFB', ...FYST_CHAI, '--json');
    assert.equal(show.status, 4);
    assert.equal(show.json().error.name, 'NotFound');
    assert.match(show.json().error.message, /no module 'LFB'; did you mean '(LFA|HFA)'\?/);
    assert.equal((await cli('module', 'list', '--instrument', 'Nope')).status, 4);
    assert.equal((await cli('module', 'set-available', 'Nope', 'true')).status, 4);
  });

  it('asks for missing values on a terminal, offering telescopes and their instruments, and confirms', async () => {
    // Telescope and instrument are chosen from lists (APEX, then its only instrument CHAI).
    const r = await runInTerminal(['module', 'add'], ['', '', 'HFA', '', '7', '', '', 'y'], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Telescope/);
    assert.match(r.screen, /Instrument/);
    assert.match(r.screen, /Summary:/);
    assert.match(r.screen, /Registered module 'HFA' of CHAI on APEX/);
    const row = await module('HFA', 'CHAI', 'APEX');
    assert.equal(row.pixels, 7);
    assert.equal(row.freq_min_ghz, null);
  });

  it('says which key of a list or show is unknown, with the nearest name and the list to look in', async () => {
    const telescope = await cli('module', 'list', '--telescope', 'FYTS');
    assert.equal(telescope.status, 4);
    assert.equal(
      telescope.stderr,
      "Error: no telescope 'FYTS'; did you mean 'FYST'?\nTry: list them with `ccat-ops telescope list`\n",
    );
    const instrument = await cli('module', 'list', '--instrument', 'CHIA', '--telescope', 'APEX', '--json');
    assert.equal(instrument.status, 4);
    assert.equal(instrument.json().error.message, "no instrument on APEX named 'CHIA'; did you mean 'CHAI'?");
    const scoped = await cli('module', 'show', 'LFX', '--telescope', 'APEX', '--instrument', 'CHAI', '--json');
    assert.equal(scoped.status, 4);
    assert.deepEqual(scoped.json().error, {
      name: 'NotFound',
      message: "no module 'LFX'; did you mean 'LFA'?",
      exitCode: 4,
      actions: ["list them with `ccat-ops module list --telescope 'APEX' --instrument 'CHAI'`"],
    });
    const byTelescope = await cli('module', 'show', 'LFX', '--telescope', 'APEX');
    assert.equal(byTelescope.status, 4);
    assert.match(byTelescope.stderr, /^Try: list them with `ccat-ops module list --telescope 'APEX'`$/m);
    assert.equal((await cli('module', 'show', 'LFA', '--telescope', 'FYTS')).status, 4);
    const none = await cli('module', 'list', '--instrument', 'Prime-Cam', '--unavailable', '--output', 'csv');
    assert.equal(none.status, 0, none.stderr);
    assert.equal(none.stdout, 'name,instrument,telescope,pixels,freqMin,freqMax,available,description\n');
  });
});
