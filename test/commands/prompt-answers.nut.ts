import assert from 'node:assert/strict';
import { runCommand } from '../helpers/run-command.js';
import { runInTerminal } from '../helpers/run-in-terminal.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Issue #15 item 3: on a terminal each answer is checked as it is typed, with the same rule as its
 * flag, and asked again when wrong; choices follow what is already given; the summary shows only
 * the record's fields. Off a terminal every bad value is reported at once and nothing is written.
 */
describe('prompt answers and flag values (one rule per field)', async function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);
  /** The `key  value` lines between "Summary:" and "Go ahead?". */
  const summary = (screen: string) => /Summary:\n([\s\S]*?)\n\S*\s*Go ahead\?/.exec(screen)?.[1] ?? '';
  const keys = (lines: string) =>
    lines
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0])
      .filter(Boolean);

  before(async () => {
    const r = await runCommand(['db', 'init'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
  });

  it('telescope add asks again for a latitude out of range and a longitude that is no number', async () => {
    // name, observatory (the first choice), description, latitude ×2, longitude ×2, altitude, confirm
    const r = await runInTerminal(['telescope', 'add'], ['NEWSCOPE', '', '', '123', '-22.9', 'abc', '-67.7', '', 'y'], {
      url: db.url,
    });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /must be between -90 and 90/);
    assert.match(r.screen, /'abc' is not a number; write a plain decimal number like 12 or -22\.96/);
    assert.deepEqual(keys(summary(r.screen)), ['name', 'observatory', 'latitude', 'longitude']);
    assert.match(r.screen, /Registered telescope 'NEWSCOPE'/);
    const [row] = await db.query('select latitude_deg, longitude_deg from telescope where name = $1', ['NEWSCOPE']);
    assert.deepEqual([Number(row.latitude_deg), Number(row.longitude_deg)], [-22.9, -67.7]);
  });

  it('location add asks again for a relative root path; the summary holds only the location fields', async () => {
    // site (ccat), name, type (source), storage (disk), root path ×2, host, priority ×2, confirm
    const r = await runInTerminal(
      ['location', 'add'],
      ['', 'scratch', '', '', 'data/scratch', '/data/scratch', '', '1.5', '3', 'y'],
      { url: db.url },
    );
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /must be an absolute path \(start with '\/'\)/);
    assert.match(r.screen, /must be a whole number/);
    assert.deepEqual(keys(summary(r.screen)), ['site', 'name', 'type', 'storage', 'root-path', 'priority']);
    const [row] = await db.query(
      `select l.root_path, l.priority from data_location l join site s on s.id = l.site_id
        where s.short_name = 'ccat' and l.name = 'scratch'`,
    );
    assert.deepEqual(row, { root_path: '/data/scratch', priority: 3 });
  });

  it('module add --instrument: the telescope is implied, pixels must be a whole number', async () => {
    // name, description, pixels ×2, lowest and highest frequency, confirm
    const r = await runInTerminal(
      ['module', 'add', '--instrument', 'CHAI', '--no-available'],
      ['XFA', '', '12.5', '64', '', '', 'y'],
      { url: db.url },
    );
    assert.equal(r.status, 0, r.screen);
    assert.doesNotMatch(r.screen, /\? Telescope/, 'CHAI is on FYST only: nothing to ask');
    assert.match(r.screen, /must be a whole number between 1 and 2147483647/);
    const shown = summary(r.screen);
    assert.deepEqual(keys(shown), ['telescope', 'instrument', 'name', 'pixels', 'available']);
    assert.match(shown, /telescope\s+FYST/);
    assert.match(r.screen, /Registered module 'XFA' of CHAI on FYST/);
    const [row] = await db.query(`select pixels, available from instrument_module where name = 'XFA'`);
    assert.deepEqual(row, { pixels: 64, available: false });
  });

  it('module add --instrument NEWCAM says the instrument is unknown instead of offering telescopes', async () => {
    const before = await count('instrument_module');
    const r = await runInTerminal(['module', 'add', '--instrument', 'NEWCAM'], [], { url: db.url });
    assert.equal(r.status, 4, r.screen);
    assert.match(r.screen, /Error: no instrument 'NEWCAM'/);
    assert.doesNotMatch(r.screen, /\? /, 'nothing was asked');
    assert.equal(await count('instrument_module'), before);
  });

  it('instrument add --telescope NOPE says so before asking anything', async () => {
    const before = await count('instrument');
    const r = await runInTerminal(['instrument', 'add', '--telescope', 'FSYT'], [], { url: db.url });
    assert.equal(r.status, 4, r.screen);
    assert.match(r.screen, /Error: no telescope 'FSYT'; did you mean 'FYST'\?/);
    assert.doesNotMatch(r.screen, /\? /, 'nothing was asked');
    assert.equal(await count('instrument'), before);
  });

  it('route add offers as destination every site but the origin, and as relay neither end', async () => {
    const before = await count('data_transfer_route');
    // to (the first choice), type (direct), method (bbcp), decline
    const r = await runInTerminal(['route', 'add', '--name', 'r1', '--from', 'cologne'], ['', '', '', 'n'], {
      url: db.url,
    });
    assert.equal(r.status, 0, r.screen);
    const destinations = /To site([\s\S]*?)Route type/.exec(r.screen)?.[1] ?? '';
    for (const s of ['ccat', 'us', 'ramses']) assert.match(destinations, new RegExp(`\\b${s}\\b`));
    assert.doesNotMatch(destinations, /\bcologne\b/);
    assert.match(r.screen, /Nothing changed\./);

    const relay = await runInTerminal(
      ['route', 'add', '--name', 'r2', '--from', 'ccat', '--to', 'us', '--type', 'relay', '--method', 'bbcp'],
      ['', 'n'],
      { url: db.url },
    );
    assert.equal(relay.status, 0, relay.screen);
    const relays = /Relay site([\s\S]*?)Summary:/.exec(relay.screen)?.[1] ?? '';
    for (const s of ['cologne', 'ramses']) assert.match(relays, new RegExp(`\\b${s}\\b`));
    assert.doesNotMatch(relays, /\b(ccat|us)\b/);
    assert.deepEqual(keys(summary(relay.screen)), ['name', 'from', 'to', 'type', 'method', 'relay']);
    assert.equal(await count('data_transfer_route'), before);
  });

  it('off a terminal every bad value is reported together, one line each and one Try: line; nothing written', async () => {
    const before = (await runCommand(['telescope', 'list', '--json'], { url: db.url })).json<{ items: unknown[] }>()
      .items.length;
    const r = await runCommand(
      [
        ...['telescope', 'add', '--name', 'BAD', '--observatory', 'CCAT Observatory'],
        ...['--latitude', '123', '--longitude', 'abc', '--altitude', '99999'],
      ],
      { url: db.url },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(r.stderr.trim().split('\n'), [
      'Error: --latitude: must be between -90 and 90',
      "Error: --longitude: 'abc' is not a number; write a plain decimal number like 12 or -22.96",
      'Error: --altitude: must be between -500 and 10000 m',
      'Try: see `ccat-ops telescope add --help`',
    ]);
    assert.equal(
      (await runCommand(['telescope', 'list', '--json'], { url: db.url })).json<{ items: unknown[] }>().items.length,
      before,
    );
  });

  it('a missing flag is reported with the bad values, and --json lists each problem', async () => {
    const before = await count('instrument_module');
    const r = await runCommand(
      ['module', 'add', '--instrument', 'CHAI', '--pixels', '12.5', '--freq-min', 'abc', '--json'],
      {
        url: db.url,
      },
    );
    assert.equal(r.status, 2, r.stderr);
    const { error } = r.json<{ error: { name: string; problems: string[]; actions: string[] } }>();
    assert.equal(error.name, 'UsageError');
    assert.deepEqual(error.problems, [
      '--pixels: must be a whole number between 1 and 2147483647',
      "--freq-min: 'abc' is not a number; write a plain decimal number like 12 or -22.96",
      'missing required flag --name',
    ]);
    assert.deepEqual(error.actions, ['pass --name (module name)']);
    assert.equal(r.stderr.trim().split('\n').length, 4, r.stderr);
    assert.equal(await count('instrument_module'), before);
  });
});
