import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops site', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const site = async (shortName: string) =>
    (await db.query('select * from site where short_name = $1', [shortName]))[0];
  const count = async () => Number((await db.query('select count(*) as n from site'))[0].n);

  it('adds a site by its short name and shows it in list and show', async () => {
    const r = await cli('site', 'add', '--short-name', 'cologne', '--name', 'Cologne data centre');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered site 'cologne'.");
    assert.equal((await site('cologne')).name, 'Cologne data centre');
    assert.equal((await cli('site', 'add', '--short-name', 'ccat', '--name', 'CCAT telescope site')).status, 0);
    const list = await cli('site', 'list', '--json');
    assert.deepEqual(
      list.json().items.map((s: { shortName: string }) => s.shortName),
      ['ccat', 'cologne'],
    );
    const show = await cli('site', 'show', 'cologne', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().name, 'Cologne data centre');
    assert.deepEqual(show.json().locations, []);
    assert.deepEqual(show.json().routesIn, []);
  });

  it('is idempotent: the same add again says "already registered" and writes nothing', async () => {
    const before = await site('cologne');
    const r = await cli('site', 'add', '--short-name', 'cologne', '--name', 'Cologne data centre');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Site 'cologne' is already registered: nothing changed/);
    assert.deepEqual((await site('cologne')).updated_at, before.updated_at);
  });

  it('refuses an add with different values, showing the difference and pointing to update', async () => {
    const r = await cli('site', 'add', '--short-name', 'cologne', '--name', 'Köln');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /site 'cologne' is already registered with other values \(name\)/);
    assert.match(r.stderr, /site update 'cologne'.*\n\s+name: Cologne data centre → Köln/);
    assert.equal((await site('cologne')).name, 'Cologne data centre');
  });

  it('--dry-run add writes nothing', async () => {
    const before = await count();
    const r = await cli('site', 'add', '--short-name', 'us', '--name', 'Cornell archive', '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Would register site 'us' (dry run: nothing written).");
    assert.equal(await count(), before);
  });

  it('updates with before and after, and --dry-run writes nothing', async () => {
    const dry = await cli('site', 'update', 'cologne', '--description', 'Primary archive', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would update site 'cologne' \(dry run: nothing written\):\n\s+description: \(none\) → Primary archive/,
    );
    assert.equal((await site('cologne')).description, null);
    const r = await cli(
      'site',
      'update',
      'cologne',
      '--description',
      'Primary archive',
      '--name',
      'Cologne DC',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [
      { field: 'name', before: 'Cologne data centre', after: 'Cologne DC' },
      { field: 'description', before: null, after: 'Primary archive' },
    ]);
    const row = await site('cologne');
    assert.equal(row.name, 'Cologne DC');
    assert.equal(row.description, 'Primary archive');
    const again = await cli('site', 'update', 'cologne', '--name', 'Cologne DC');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already has these values: nothing changed/);
  });

  it('shows the locations of a site and its routes in, out and through it', async () => {
    const setup = [
      ['site', 'add', '--short-name', 'us', '--name', 'Cornell archive'],
      [
        'location',
        'add',
        '--site',
        'cologne',
        '--name',
        'buffer',
        '--type',
        'buffer',
        '--storage',
        'disk',
        '--host',
        'buf',
        '--root-path',
        '/data/buffer',
      ],
      [
        'route',
        'add',
        '--name',
        'ccat_to_cologne',
        '--from',
        'ccat',
        '--to',
        'cologne',
        '--type',
        'direct',
        '--method',
        'bbcp',
      ],
      [
        'route',
        'add',
        '--name',
        'cologne_to_us',
        '--from',
        'cologne',
        '--to',
        'us',
        '--type',
        'direct',
        '--method',
        'rsync',
      ],
      [
        'route',
        'add',
        '--name',
        'ccat_to_us',
        '--from',
        'ccat',
        '--to',
        'us',
        '--type',
        'relay',
        '--relay',
        'cologne',
        '--method',
        'bbcp',
      ],
    ];
    for (const args of setup) {
      const r = await cli(...args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    const show = (await cli('site', 'show', 'cologne', '--json')).json();
    assert.deepEqual(
      show.locations.map((l: { name: string; where: string }) => [l.name, l.where]),
      [['buffer', 'buf:/data/buffer']],
    );
    assert.deepEqual(
      show.routesIn.map((r: { name: string }) => r.name),
      ['ccat_to_cologne'],
    );
    assert.deepEqual(
      show.routesOut.map((r: { name: string }) => r.name),
      ['cologne_to_us'],
    );
    assert.deepEqual(
      show.routesVia.map((r: { name: string }) => r.name),
      ['ccat_to_us'],
    );
    const text = await cli('site', 'show', 'cologne');
    assert.match(text.stdout, /buffer \(buffer, disk, priority 0\): buf:\/data\/buffer/);
    assert.match(text.stdout, /routesIn\s+ccat_to_cologne: ccat → cologne \(direct, bbcp\)/);
  });

  it('sorts and renders lists', async () => {
    const csv = await cli('site', 'list', '--sort', '-shortName', '--output', 'csv', '--columns', 'shortName,name');
    assert.equal(csv.stdout, 'shortName,name\nus,Cornell archive\ncologne,Cologne DC\nccat,CCAT telescope site\n');
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['--short-name', '', '--name', 'X'], /--short-name: must not be empty/],
      [['--short-name', 'x'.repeat(65), '--name', 'X'], /--short-name: must be at most 64 characters/],
      [['--short-name', 'bad\u0007', '--name', 'X'], /--short-name: must not contain control characters/],
      [['--short-name', 'a/b', '--name', 'X'], /--short-name: must not contain '\/'/],
      [['--short-name', 'ok', '--name', 'x'.repeat(256)], /--name: must be at most 255 characters/],
      [['--name', 'X'], /missing required flag --short-name/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('site', 'add', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n')[0].startsWith('Error:'), true);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    assert.equal(await count(), before);
  });

  it('records where a site is on Earth with --geographic-location (the site.location column) and shows it', async () => {
    const add = await cli(
      'site',
      'add',
      '--short-name',
      'cornell',
      '--name',
      'Cornell archive',
      '--geographic-location',
      'Ithaca, NY',
    );
    assert.equal(add.status, 0, add.stderr);
    assert.equal((await site('cornell')).location, 'Ithaca, NY');
    const upd = await cli('site', 'update', 'cornell', '--geographic-location', 'Ithaca, New York, USA');
    assert.equal(upd.status, 0, upd.stderr);
    assert.match(upd.stdout, /geographicLocation: Ithaca, NY → Ithaca, New York, USA/);
    assert.equal((await site('cornell')).location, 'Ithaca, New York, USA');
    const show = await cli('site', 'show', 'cornell');
    assert.match(show.stdout, /^geographicLocation +Ithaca, New York, USA$/m);
    assert.equal((await cli('site', 'show', 'cornell', '--json')).json().geographicLocation, 'Ithaca, New York, USA');
    const list = await cli('site', 'list', '--json');
    assert.equal(
      list.json().items.find((s: { shortName: string }) => s.shortName === 'cornell').geographicLocation,
      'Ithaca, New York, USA',
    );
    assert.equal((await cli('site', 'add', '--short-name', 'nowhere', '--name', 'No location yet')).status, 0);
    assert.equal((await cli('site', 'show', 'nowhere', '--json')).json().geographicLocation, null);

    const bad = await cli('site', 'update', 'cornell', '--geographic-location', '');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--geographic-location: must not be empty/);
    assert.equal((await site('cornell')).location, 'Ithaca, New York, USA');
  });

  it('exits 4 for an unknown site, suggesting the nearest short name', async () => {
    const r = await cli('site', 'show', 'colgne');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no site 'colgne'; did you mean 'cologne'\?/);
    const upd = await cli('site', 'update', 'colgne', '--name', 'X', '--json');
    assert.equal(upd.status, 4);
    assert.equal(upd.json().error.name, 'NotFound');
  });

  it('lists every column of a site, unset ones as null, and shows a site with nothing at it', async () => {
    assert.equal((await cli('site', 'add', '--short-name', "o'h", '--name', `O'Higgins "site"`)).status, 0);
    const { createdAt, updatedAt, ...listed } = (await cli('site', 'list', '--json'))
      .json()
      .items.find((s: { shortName: string }) => s.shortName === "o'h");
    assert.deepEqual(listed, {
      shortName: "o'h",
      name: `O'Higgins "site"`,
      description: null,
      geographicLocation: null,
    });
    assert.ok(!Number.isNaN(Date.parse(createdAt)) && !Number.isNaN(Date.parse(updatedAt)));
    const show = (await cli('site', 'show', "o'h", '--json')).json();
    assert.deepEqual([show.locations, show.routesOut, show.routesIn, show.routesVia], [[], [], [], []]);
    const text = await cli('site', 'show', "o'h");
    assert.equal(text.status, 0, text.stderr);
    assert.doesNotMatch(text.stdout, /routesVia/);
  });
});
