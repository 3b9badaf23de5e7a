import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops route', async function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const route = async (name: string) =>
    (
      await db.query(
        `select r.*, o.short_name as origin, d.short_name as destination, x.short_name as relay,
                ol.name as origin_location, dl.name as destination_location
           from data_transfer_route r
           join site o on o.id = r.origin_site_id
           join site d on d.id = r.destination_site_id
           left join site x on x.id = r.relay_site_id
           left join data_location ol on ol.id = r.origin_location_id
           left join data_location dl on dl.id = r.destination_location_id
          where r.name = $1`,
        [name],
      )
    )[0];
  const count = async () => Number((await db.query('select count(*) as n from data_transfer_route'))[0].n);
  const direct = ['--name', 'ccat_to_cologne', '--from', 'ccat', '--to', 'cologne', '--type', 'direct'];

  before(async () => {
    const setup = [
      ['site', 'add', '--short-name', 'ccat', '--name', 'CCAT telescope site'],
      ['site', 'add', '--short-name', 'cologne', '--name', 'Cologne data centre'],
      ['site', 'add', '--short-name', 'us', '--name', 'Cornell archive'],
      [
        'location',
        'add',
        '--site',
        'ccat',
        '--name',
        'buffer',
        '--type',
        'buffer',
        '--storage',
        'disk',
        '--root-path',
        '/data/buffer',
      ],
      [
        'location',
        'add',
        '--site',
        'cologne',
        '--name',
        'lta',
        '--type',
        'long_term_archive',
        '--storage',
        's3',
        '--bucket',
        'ccat-lta',
      ],
    ];
    for (const args of setup) {
      const r = await cli(...args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('adds a direct route by site short names and shows it in list and show', async () => {
    const r = await cli('route', 'add', ...direct, '--method', 'bbcp');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered route 'ccat_to_cologne'.");
    const row = await route('ccat_to_cologne');
    assert.equal(row.origin, 'ccat');
    assert.equal(row.destination, 'cologne');
    assert.equal(row.method, 'bbcp');
    assert.equal(row.active, true);
    const show = await cli('route', 'show', 'ccat_to_cologne', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().type, 'direct');
    assert.equal(show.json().relay, null);
    assert.match((await cli('route', 'show', 'ccat_to_cologne')).stdout, /from\s+ccat\nto\s+cologne/);
  });

  it('adds relay and custom routes, with locations as SITE/NAME', async () => {
    const relay = await cli(
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
    );
    assert.equal(relay.status, 0, relay.stderr);
    assert.equal((await route('ccat_to_us')).relay, 'cologne');
    const custom = await cli(
      'route',
      'add',
      '--name',
      'buffer_to_lta',
      '--from',
      'ccat',
      '--to',
      'cologne',
      '--type',
      'custom',
      '--method',
      's3',
      '--from-location',
      'ccat/buffer',
      '--to-location',
      'cologne/lta',
      '--no-active',
    );
    assert.equal(custom.status, 0, custom.stderr);
    const row = await route('buffer_to_lta');
    assert.equal(row.origin_location, 'buffer');
    assert.equal(row.destination_location, 'lta');
    assert.equal(row.active, false);
    const show = (await cli('route', 'show', 'buffer_to_lta', '--json')).json();
    assert.equal(show.fromLocation, 'ccat/buffer');
    assert.equal(show.toLocation, 'cologne/lta');
  });

  it('is idempotent: the same add again says "already registered" and writes nothing', async () => {
    const before = await route('ccat_to_cologne');
    const r = await cli('route', 'add', ...direct, '--method', 'bbcp');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Route 'ccat_to_cologne' is already registered: nothing changed/);
    assert.deepEqual((await route('ccat_to_cologne')).updated_at, before.updated_at);
  });

  it('refuses an add with different values, showing the difference and pointing to update', async () => {
    const r = await cli('route', 'add', ...direct, '--method', 'rsync');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /route 'ccat_to_cologne' is already registered with other values \(method\)/);
    assert.match(r.stderr, /route update 'ccat_to_cologne'.*\n\s+method: bbcp → rsync/);
    assert.equal((await route('ccat_to_cologne')).method, 'bbcp');
  });

  it('--dry-run add writes nothing', async () => {
    const before = await count();
    const r = await cli(
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
      'bbcp',
      '--dry-run',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Would register route 'cologne_to_us' (dry run: nothing written).");
    assert.equal(await count(), before);
  });

  it('updates with before and after, and --dry-run writes nothing', async () => {
    const dry = await cli('route', 'update', 'ccat_to_cologne', '--method', 'rsync', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would update route 'ccat_to_cologne' \(dry run: nothing written\):\n\s+method: bbcp → rsync/,
    );
    assert.equal((await route('ccat_to_cologne')).method, 'bbcp');
    const r = await cli('route', 'update', 'ccat_to_cologne', '--method', 'rsync', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [{ field: 'method', before: 'bbcp', after: 'rsync' }]);
    assert.equal((await route('ccat_to_cologne')).method, 'rsync');
    // A relay route made direct loses its relay site, and says so.
    const unrelay = await cli('route', 'update', 'ccat_to_us', '--type', 'direct');
    assert.equal(unrelay.status, 0, unrelay.stderr);
    assert.match(unrelay.stdout, /type: relay → direct\n\s+relay: cologne → \(none\)/);
    assert.equal((await route('ccat_to_us')).relay, null);
    // The route rule holds for the result.
    const same = await cli('route', 'update', 'ccat_to_cologne', '--to', 'ccat');
    assert.equal(same.status, 2);
    assert.match(same.stderr, /--to: must differ from --from/);
    const moved = await cli('route', 'update', 'buffer_to_lta', '--to', 'us');
    assert.equal(moved.status, 2);
    assert.match(moved.stderr, /--to-location: 'cologne\/lta' is not at site 'us'/);
    // A custom route names both its locations (the database refuses one that does not).
    const custom = await cli('route', 'update', 'ccat_to_cologne', '--type', 'custom', '--to-location', 'cologne/lta');
    assert.equal(custom.status, 2);
    assert.match(custom.stderr, /^Error: --from-location: required for a custom route/);
    assert.equal((await route('ccat_to_cologne')).route_type, 'direct');
  });

  it('switches a route off and on with set-active, idempotently, and --dry-run writes nothing', async () => {
    const dry = await cli('route', 'set-active', 'ccat_to_cologne', 'false', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would update route 'ccat_to_cologne' \(dry run: nothing written\):\n\s+active: true → false/,
    );
    assert.equal((await route('ccat_to_cologne')).active, true);
    const off = await cli('route', 'set-active', 'ccat_to_cologne', 'false');
    assert.equal(off.status, 0, off.stderr);
    assert.equal((await route('ccat_to_cologne')).active, false);
    const again = await cli('route', 'set-active', 'ccat_to_cologne', 'false');
    assert.match(again.stdout, /already has these values: nothing changed/);
    const bad = await cli('route', 'set-active', 'ccat_to_cologne', 'maybe');
    assert.equal(bad.status, 2);
    assert.equal((await route('ccat_to_cologne')).active, false);
    assert.equal((await cli('route', 'set-active', 'ccat_to_cologne')).status, 2);
    const on = await cli('route', 'set-active', 'ccat_to_cologne', 'true');
    assert.equal(on.status, 0, on.stderr);
    assert.equal((await route('ccat_to_cologne')).active, true);
  });

  it('filters, sorts and renders lists', async () => {
    const names = async (...args: string[]) =>
      (await cli('route', 'list', ...args, '--json')).json().items.map((r: { name: string }) => r.name);
    assert.deepEqual(await names(), ['buffer_to_lta', 'ccat_to_cologne', 'ccat_to_us']);
    assert.deepEqual(await names('--to', 'cologne'), ['buffer_to_lta', 'ccat_to_cologne']);
    assert.deepEqual(await names('--from', 'ccat', '--active'), ['ccat_to_cologne', 'ccat_to_us']);
    assert.deepEqual(await names('--no-active'), ['buffer_to_lta']);
    assert.deepEqual(await names('--from', 'cologne'), []);
    const csv = await cli('route', 'list', '--sort', '-name', '--output', 'csv', '--columns', 'name,from,to,method');
    assert.equal(
      csv.stdout,
      'name,from,to,method\nccat_to_us,ccat,us,bbcp\nccat_to_cologne,ccat,cologne,rsync\nbuffer_to_lta,ccat,cologne,s3\n',
    );
    assert.equal((await cli('route', 'list', '--from', 'nowhere')).status, 4);
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const before = await count();
    const base = ['--from', 'ccat', '--to', 'us', '--method', 'bbcp'];
    const cases: [string[], RegExp][] = [
      [['--name', '', ...base, '--type', 'direct'], /--name: must not be empty/],
      [['--name', 'x'.repeat(256), ...base, '--type', 'direct'], /--name: must be at most 255 characters/],
      [['--name', 'bad\u0007', ...base, '--type', 'direct'], /--name: must not contain control characters/],
      [
        ['--name', 'loop', '--from', 'ccat', '--to', 'ccat', '--method', 'bbcp', '--type', 'direct'],
        /--to: must differ from --from/,
      ],
      [['--name', 'r', ...base, '--type', 'relay'], /--relay: is required for a relay route/],
      [['--name', 'r', ...base, '--type', 'direct', '--relay', 'cologne'], /--relay: only applies to relay routes/],
      [['--name', 'r', ...base, '--type', 'relay', '--relay', 'us'], /--relay: must be a third site/],
      [['--name', 'r', ...base, '--type', 'teleport'], /Expected --type=teleport to be one of: direct, relay, custom/],
      [
        ['--name', 'r', '--from', 'ccat', '--to', 'us', '--type', 'direct', '--method', 'ftp'],
        /Expected --method=ftp to be one of: bbcp, rsync, s3, cp/,
      ],
      [
        ['--name', 'r', ...base, '--type', 'custom', '--from-location', 'cologne/lta'],
        /--from-location: 'cologne\/lta' is not at site 'ccat'/,
      ],
      [
        ['--name', 'r', ...base, '--type', 'custom', '--from-location', '/buffer'],
        /--from-location: '\/buffer' is not a location address/,
      ],
      [['--name', 'r', ...base], /missing required flag --type/],
      [['--name', 'r', ...base, '--type', 'custom'], /--from-location and --to-location: required for a custom route/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('route', 'add', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    assert.equal(await count(), before);
  });

  it('exits 4 for an unknown site, location or route, suggesting the nearest name', async () => {
    const site = await cli(
      'route',
      'add',
      '--name',
      'r',
      '--from',
      'ccat',
      '--to',
      'colgne',
      '--type',
      'direct',
      '--method',
      'cp',
    );
    assert.equal(site.status, 4);
    assert.match(site.stderr, /no site 'colgne'; did you mean 'cologne'\?/);
    const loc = await cli(
      'route',
      'add',
      '--name',
      'r',
      '--from',
      'ccat',
      '--to',
      'cologne',
      '--type',
      'custom',
      '--method',
      'cp',
      '--to-location',
      'cologne/ltaa',
    );
    assert.equal(loc.status, 4);
    assert.match(loc.stderr, /no location 'cologne\/ltaa'; did you mean 'cologne\/lta'\?/);
    const show = await cli('route', 'show', 'ccat_to_colgne', '--json');
    assert.equal(show.status, 4);
    assert.equal(show.json().error.name, 'NotFound');
    assert.match(show.json().error.message, /did you mean 'ccat_to_cologne'\?/);
  });

  it('filters by type and method, gives every field of a route, and names the nearest site for an unknown one', async () => {
    const add = async (...args: string[]) => assert.equal((await cli('route', 'add', ...args)).status, 0);
    await add(
      '--name',
      'r_relay',
      '--from',
      'us',
      '--to',
      'ccat',
      '--type',
      'relay',
      '--relay',
      'cologne',
      '--method',
      'cp',
    );
    await add(
      '--name',
      'r_custom',
      '--from',
      'cologne',
      '--to',
      'ccat',
      '--type',
      'custom',
      '--method',
      'rsync',
      '--from-location',
      'lta',
      '--to-location',
      'ccat/buffer',
      '--no-active',
    );
    const names = async (...args: string[]) =>
      (await cli('route', 'list', ...args, '--json')).json().items.map((r: { name: string }) => r.name);
    assert.deepEqual(await names('--type', 'relay', '--method', 'cp'), ['r_relay']);
    assert.deepEqual(await names('--type', 'custom', '--method', 'rsync', '--no-active'), ['r_custom']);
    assert.deepEqual(await names('--type', 'custom', '--method', 'rsync', '--active'), []);
    const [custom] = (await cli('route', 'list', '--type', 'custom', '--method', 'rsync', '--json')).json().items;
    const { createdAt, updatedAt, ...rest } = custom;
    assert.deepEqual(Object.keys(custom), [...Object.keys(rest), 'createdAt', 'updatedAt']);
    assert.deepEqual(rest, {
      name: 'r_custom',
      from: 'cologne',
      to: 'ccat',
      type: 'custom',
      method: 'rsync',
      relay: null,
      fromLocation: 'cologne/lta',
      toLocation: 'ccat/buffer',
      active: false,
    });
    assert.ok(!Number.isNaN(Date.parse(createdAt)) && !Number.isNaN(Date.parse(updatedAt)));
    assert.deepEqual((await cli('route', 'show', 'r_custom', '--json')).json(), custom);
    const relay = (await cli('route', 'show', 'r_relay', '--json')).json();
    assert.deepEqual([relay.relay, relay.fromLocation, relay.toLocation], ['cologne', null, null]);
    const to = await cli('route', 'list', '--to', 'colgne');
    assert.equal(to.status, 4);
    assert.match(to.stderr, /no site 'colgne'; did you mean 'cologne'\?/);
    assert.equal(to.stdout, '');
  });
});
