import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops location', async function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const location = async (key: string) => {
    const [site, name] = key.split('/');
    return (
      await db.query(
        'select l.* from data_location l join site s on s.id = l.site_id where s.short_name = $1 and l.name = $2',
        [site, name],
      )
    )[0];
  };
  const count = async () => Number((await db.query('select count(*) as n from data_location'))[0].n);
  const buffer = ['--site', 'ccat', '--name', 'buffer', '--type', 'buffer', '--storage', 'disk'];

  before(async () => {
    for (const [short, name] of [
      ['ccat', 'CCAT telescope site'],
      ['cologne', 'Cologne data centre'],
    ]) {
      const r = await cli('site', 'add', '--short-name', short, '--name', name);
      assert.equal(r.status, 0, r.stderr);
    }
  });

  it('adds disk and s3 locations and shows them by SITE/NAME', async () => {
    const r = await cli('location', 'add', ...buffer, '--host', 'fyst-buffer', '--root-path', '/data/buffer');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered location 'ccat/buffer'.");
    const row = await location('ccat/buffer');
    assert.equal(row.root_path, '/data/buffer');
    assert.equal(row.active, true);
    assert.equal(row.priority, 0);
    const s3 = await cli(
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
      '--endpoint-url',
      'https://s3.cologne.example',
      '--bucket',
      'ccat-lta',
      '--credentials-env',
      'CCAT_COLOGNE_LTA_CREDENTIALS',
      '--priority',
      '1',
    );
    assert.equal(s3.status, 0, s3.stderr);
    const show = await cli('location', 'show', 'cologne/lta', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().bucket, 'ccat-lta');
    assert.equal(show.json().credentialsEnv, 'CCAT_COLOGNE_LTA_CREDENTIALS');
    assert.equal(show.json().priority, 1);
    assert.match((await cli('location', 'show', 'ccat/buffer')).stdout, /rootPath\s+\/data\/buffer/);
  });

  it('is idempotent: the same add again says "already registered" and writes nothing', async () => {
    const before = await location('ccat/buffer');
    const r = await cli('location', 'add', ...buffer, '--host', 'fyst-buffer', '--root-path', '/data/buffer');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Location 'ccat\/buffer' is already registered: nothing changed/);
    assert.deepEqual((await location('ccat/buffer')).updated_at, before.updated_at);
  });

  it('refuses an add with different values, showing the difference and pointing to update', async () => {
    const r = await cli('location', 'add', ...buffer, '--root-path', '/data/other', '--priority', '3');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /location 'ccat\/buffer' is already registered with other values \(priority, rootPath\)/);
    assert.match(
      r.stderr,
      /location update 'ccat\/buffer'.*\n\s+priority: 0 → 3\n\s+rootPath: \/data\/buffer → \/data\/other/,
    );
    assert.equal((await location('ccat/buffer')).root_path, '/data/buffer');
  });

  it('--dry-run add writes nothing', async () => {
    const before = await count();
    const r = await cli(
      'location',
      'add',
      '--site',
      'ccat',
      '--name',
      'tape',
      '--type',
      'long_term_archive',
      '--storage',
      'tape',
      '--library',
      'TL1',
      '--dry-run',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Would register location 'ccat/tape' (dry run: nothing written).");
    assert.equal(await count(), before);
  });

  it('updates with before and after, and --dry-run writes nothing', async () => {
    const dry = await cli('location', 'update', 'ccat/buffer', '--priority', '2', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update location 'ccat\/buffer' \(dry run: nothing written\):\n\s+priority: 0 → 2/);
    assert.equal((await location('ccat/buffer')).priority, 0);
    const r = await cli('location', 'update', 'ccat/buffer', '--priority', '2', '--host', 'fyst-buffer2', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [
      { field: 'priority', before: 0, after: 2 },
      { field: 'host', before: 'fyst-buffer', after: 'fyst-buffer2' },
    ]);
    const row = await location('ccat/buffer');
    assert.equal(row.priority, 2);
    assert.equal(row.host, 'fyst-buffer2');
    // The storage rule holds for the result: a disk location cannot become s3 without a bucket.
    const bad = await cli('location', 'update', 'ccat/buffer', '--storage', 's3');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--bucket: is required for s3 storage/);
  });

  it('switches a location off and on with set-active, idempotently, and --dry-run writes nothing', async () => {
    const dry = await cli('location', 'set-active', 'ccat/buffer', 'false', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /Would update location 'ccat\/buffer' \(dry run: nothing written\):\n\s+active: true → false/,
    );
    assert.equal((await location('ccat/buffer')).active, true);
    const off = await cli('location', 'set-active', 'ccat/buffer', 'false');
    assert.equal(off.status, 0, off.stderr);
    assert.match(off.stdout, /Updated location 'ccat\/buffer':\n\s+active: true → false/);
    assert.equal((await location('ccat/buffer')).active, false);
    const again = await cli('location', 'set-active', 'ccat/buffer', 'false');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already has these values: nothing changed/);
    const inactive = await cli('location', 'list', '--no-active', '--output', 'csv', '--columns', 'site,name,active');
    assert.equal(inactive.stdout, 'site,name,active\nccat,buffer,false\n');
    const bad = await cli('location', 'set-active', 'ccat/buffer', 'maybe');
    assert.equal(bad.status, 2);
    assert.equal((await location('ccat/buffer')).active, false);
    assert.equal((await cli('location', 'set-active', 'ccat/buffer')).status, 2);
    const on = await cli('location', 'set-active', 'ccat/buffer', 'true', '--json');
    assert.equal(on.status, 0, on.stderr);
    assert.equal(on.json().item.active, true);
    assert.equal((await location('ccat/buffer')).active, true);
  });

  it('filters, sorts and renders lists', async () => {
    const all = await cli('location', 'list', '--output', 'csv', '--columns', 'site,name,storage,where');
    assert.equal(
      all.stdout,
      'site,name,storage,where\nccat,buffer,disk,fyst-buffer2:/data/buffer\ncologne,lta,s3,s3://ccat-lta at https://s3.cologne.example\n',
    );
    const bySite = await cli('location', 'list', '--site', 'cologne', '--json');
    assert.deepEqual(
      bySite.json().items.map((l: { name: string }) => l.name),
      ['lta'],
    );
    const byType = await cli('location', 'list', '--type', 'buffer', '--storage', 'disk', '--active', '--json');
    assert.deepEqual(
      byType.json().items.map((l: { site: string; name: string }) => `${l.site}/${l.name}`),
      ['ccat/buffer'],
    );
    assert.deepEqual((await cli('location', 'list', '--storage', 'tape', '--json')).json(), { items: [], next: null });
    const sorted = await cli(
      'location',
      'list',
      '--sort',
      '-priority',
      '--output',
      'csv',
      '--columns',
      'name,priority',
    );
    assert.equal(sorted.stdout, 'name,priority\nbuffer,2\nlta,1\n');
    const badType = await cli('location', 'list', '--type', 'archive');
    assert.equal(badType.status, 2);
    assert.match(badType.stderr, /Expected --type=archive to be one of: source, buffer, long_term_archive, processing/);
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const before = await count();
    const site = ['--site', 'ccat', '--type', 'buffer'];
    const cases: [string[], RegExp][] = [
      [[...site, '--name', '', '--storage', 'disk', '--root-path', '/x'], /--name: must not be empty/],
      [
        [...site, '--name', 'x'.repeat(256), '--storage', 'disk', '--root-path', '/x'],
        /--name: must be at most 255 characters/,
      ],
      [
        [...site, '--name', 'bad\u0007', '--storage', 'disk', '--root-path', '/x'],
        /--name: must not contain control characters/,
      ],
      [[...site, '--name', 'n', '--storage', 'disk'], /--root-path: is required for disk storage/],
      [[...site, '--name', 'n', '--storage', 's3'], /--bucket: is required for s3 storage/],
      [[...site, '--name', 'n', '--storage', 'tape'], /--library: is required for tape storage/],
      [
        [...site, '--name', 'n', '--storage', 'disk', '--root-path', 'relative/path'],
        /--root-path: must be an absolute path/,
      ],
      [
        [...site, '--name', 'n', '--storage', 'disk', '--root-path', '/x', '--bucket', 'b'],
        /--bucket: does not apply to disk storage/,
      ],
      [
        [...site, '--name', 'n', '--storage', 's3', '--bucket', 'b', '--credentials-env', 'AKIA:s3cr3t'],
        /--credentials-env: must be the name of an environment variable .*never a secret/,
      ],
      [
        [...site, '--name', 'n', '--storage', 'disk', '--root-path', '/x', '--priority', 'high'],
        /--priority: 'high' is not a number/,
      ],
      [
        [...site, '--name', 'n', '--storage', 'disk', '--root-path', '/x', '--priority', '1.5'],
        /--priority: must be a whole number/,
      ],
      [[...site, '--name', 'n', '--storage', 'floppy'], /Expected --storage=floppy to be one of: disk, s3, tape/],
      [['--site', 'ccat', '--name', 'n', '--storage', 'disk', '--root-path', '/x'], /missing required flag --type/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('location', 'add', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    const address = await cli('location', 'show', 'buffer');
    assert.equal(address.status, 2);
    assert.match(address.stderr, /'buffer' is not a location address; write it as SITE\/NAME/);
    assert.equal(await count(), before);
  });

  it('exits 4 for an unknown site or location, suggesting the nearest name', async () => {
    const site = await cli('location', 'add', '--site', 'colgne', ...buffer.slice(2), '--root-path', '/x');
    assert.equal(site.status, 4);
    assert.match(site.stderr, /no site 'colgne'; did you mean 'cologne'\?/);
    const loc = await cli('location', 'show', 'ccat/bufer');
    assert.equal(loc.status, 4);
    assert.match(loc.stderr, /no location 'ccat\/bufer'; did you mean 'ccat\/buffer'\?/);
    const upd = await cli('location', 'set-active', 'ccat/nope', 'false', '--json');
    assert.equal(upd.status, 4);
    assert.equal(upd.json().error.name, 'NotFound');
    assert.equal((await cli('location', 'list', '--site', 'nowhere')).status, 4);
  });

  it('asks on a terminal with choices for site, location type and storage type, then confirms', async () => {
    // site: the first choice (ccat); type: the first (source); storage: the first (disk).
    const r = await runInTerminal(
      ['location', 'add'],
      ['', 'telescope_computer', '', '', '/data/raw', 'fyst-tc', '', 'y'],
      { url: db.url },
    );
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Site/);
    assert.match(r.screen, /Location type/);
    assert.match(r.screen, /Storage type/);
    assert.match(r.screen, /Root path/);
    assert.match(r.screen, /Summary:/);
    assert.match(r.screen, /Registered location 'ccat\/telescope_computer'/);
    const row = await location('ccat/telescope_computer');
    assert.equal(row.location_type, 'source');
    assert.equal(row.storage_type, 'disk');
    assert.equal(row.root_path, '/data/raw');
    assert.equal(row.host, 'fyst-tc');
  });

  it('writes the identity marker at a new disk root that exists here (best effort); write-marker writes it deliberately', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccat-location-'));
    const marker = join(root, '.ccat-ops-location');
    const [here, absent] = await Promise.all([
      runCommand(
        [
          'location',
          'add',
          '--site',
          'cologne',
          '--name',
          'fresh',
          '--type',
          'buffer',
          '--storage',
          'disk',
          '--root-path',
          root,
        ],
        { url: db.url },
      ),
      runCommand(
        [
          'location',
          'add',
          '--site',
          'cologne',
          '--name',
          'elsewhere',
          '--type',
          'buffer',
          '--storage',
          'disk',
          '--root-path',
          `${root}-not-here`,
        ],
        { url: db.url },
      ),
    ]);
    assert.equal(here.status, 0, here.stderr);
    assert.match(here.stderr, new RegExp(`Wrote the location marker ${marker}`));
    const row = await location('cologne/fresh');
    assert.deepEqual(
      { ...JSON.parse(readFileSync(marker, 'utf8')), created: undefined },
      { site: 'cologne', name: 'fresh', id: row.id, created: undefined },
    );
    assert.equal(absent.status, 0, absent.stderr);
    assert.match(
      absent.stderr,
      /No location marker written \(cannot write the marker at .*not-here \(ENOENT\).*\); the first audit or file register of cologne\/elsewhere writes it/,
    );
    const [again, s3, missing] = await Promise.all([
      runCommand(['location', 'write-marker', 'cologne/fresh'], { url: db.url }),
      runCommand(['location', 'write-marker', 'cologne/lta'], { url: db.url }),
      runCommand(['location', 'write-marker', 'cologne/elsewhere'], { url: db.url }),
    ]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already marks cologne\/fresh; nothing to do/);
    assert.equal(s3.status, 2);
    assert.match(s3.stderr, /cologne\/lta is a s3 location; only disk locations carry a marker/);
    assert.equal(missing.status, 69);
    assert.match(missing.stderr, /cannot write the marker at .*not-here \(ENOENT\); nothing was written/);
    assert.equal(existsSync(`${root}-not-here`), false);
  });

  it('writes the marker for --host naming this machine, not for another host (saying where to write it)', async () => {
    const add = (name: string, root: string, host: string) =>
      cli(
        'location',
        'add',
        '--site',
        'cologne',
        '--name',
        name,
        '--type',
        'buffer',
        '--storage',
        'disk',
        '--host',
        host,
        '--root-path',
        root,
      );
    const here = mkdtempSync(join(tmpdir(), 'ccat-location-'));
    const there = mkdtempSync(join(tmpdir(), 'ccat-location-'));
    const mine = await add('on-this-host', here, hostname().toUpperCase());
    assert.equal(mine.status, 0, mine.stderr);
    assert.match(mine.stderr, new RegExp(`Wrote the location marker ${join(here, '.ccat-ops-location')}`));
    assert.equal(JSON.parse(readFileSync(join(here, '.ccat-ops-location'), 'utf8')).name, 'on-this-host');
    const other = await add('on-another-host', there, 'fyst-buffer.elsewhere.example');
    assert.equal(other.status, 0, other.stderr);
    assert.match(other.stdout, /^Registered location 'cologne\/on-another-host'\.$/m);
    assert.match(
      other.stderr,
      /^No location marker written: cologne\/on-another-host is on fyst-buffer\.elsewhere\.example, not this host; run `ccat-ops location write-marker cologne\/on-another-host` on fyst-buffer\.elsewhere\.example \(or its first audit or file register there writes it\)\.$/m,
    );
    assert.equal(existsSync(join(there, '.ccat-ops-location')), false, 'nothing written at the root here');
    assert.equal((await location('cologne/on-another-host')).host, 'fyst-buffer.elsewhere.example');
  });

  it('keeps the type of a location a staging job goes to, saying what to do instead; an unused one may change', async () => {
    const add = await cli(
      'location',
      'add',
      '--site',
      'cologne',
      '--name',
      'proc',
      '--type',
      'processing',
      '--storage',
      'disk',
      '--root-path',
      '/data/proc',
    );
    assert.equal(add.status, 0, add.stderr);
    const unused = await cli('location', 'update', 'cologne/proc', '--type', 'buffer');
    assert.equal(unused.status, 0, unused.stderr);
    assert.equal((await cli('location', 'update', 'cologne/proc', '--type', 'processing')).status, 0);
    // Another service (the ops-db API) files a staging job into it.
    await db.query(`insert into staging_job (destination_location_id, requested_by) values ($1, 'api')`, [
      (await location('cologne/proc')).id,
    ]);
    const r = await cli('location', 'update', 'cologne/proc', '--type', 'buffer');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^Error: location cologne\/proc is the destination of staging jobs and stays a processing location\nTry: register a new buffer location with `ccat-ops location add` and deactivate this one with `ccat-ops location set-active cologne\/proc false`/,
    );
    assert.equal((await location('cologne/proc')).location_type, 'processing');
  });

  it('keeps roots apart: not the file system root, and on one host neither shared nor nested, whoever writes', async () => {
    const add = (name: string, root: string, host = 'roots-host') =>
      cli(
        'location',
        'add',
        '--site',
        'cologne',
        '--name',
        name,
        '--type',
        'buffer',
        '--storage',
        'disk',
        '--root-path',
        root,
        '--host',
        host,
      );
    const locations = async () =>
      Number((await db.query<{ n: string }>('select count(*) as n from data_location'))[0].n);
    assert.equal((await add('outer', '/srv/roots/data')).status, 0);
    const before = await locations();
    for (const [name, root, problem] of [
      ['slash', '/', /^Error: location cologne\/slash cannot have the file system root \/ as its root$/m],
      [
        'same',
        '/srv/roots/data/',
        /^Error: location cologne\/same \(root \/srv\/roots\/data\/\) and location cologne\/outer \(root \/srv\/roots\/data\) on host roots-host would share or nest their roots$/m,
      ],
      [
        'inner',
        '/srv/roots/data/inner',
        /location cologne\/inner .* and location cologne\/outer .* would share or nest their roots/,
      ],
      [
        'around',
        '/srv/roots',
        /location cologne\/around .* and location cologne\/outer .* would share or nest their roots/,
      ],
    ] as const) {
      const r = await add(name, root);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, problem);
      assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    }
    assert.equal(await locations(), before, 'nothing written');
    // A sibling whose name starts the same is apart; so is the same root on another host.
    assert.equal((await add('sibling', '/srv/roots/data-2')).status, 0);
    assert.equal((await add('far', '/srv/roots/data', 'other-host')).status, 0);
    const moved = await cli('location', 'update', 'cologne/sibling', '--root-path', '/srv/roots/data/x');
    assert.equal(moved.status, 1, moved.stderr);
    await assert.rejects(
      db.query(`update data_location set host = 'roots-host' where name = 'far'`),
      (err: { constraint?: string }) => err.constraint === 'data_location_roots_apart_on_a_host',
    );
    // A location without a host may be on any machine: it is not compared.
    await db.query(`update data_location set host = null where name in ('far', 'sibling')`);
    await db.query(`update data_location set root_path = '/srv/roots/data/x' where name = 'sibling'`);
  });

  it('shows every column of a location, unset ones as null and the capacity as a number', async () => {
    const add = await cli(
      'location',
      'add',
      '--site',
      'cologne',
      '--name',
      'tape',
      '--type',
      'long_term_archive',
      '--storage',
      'tape',
      '--library',
      'lib, "1"',
      '--capacity',
      '40TB',
      '--priority',
      '-5',
      '--no-active',
    );
    assert.equal(add.status, 0, add.stderr);
    const { createdAt, updatedAt, ...show } = (await cli('location', 'show', 'cologne/tape', '--json')).json();
    assert.deepEqual(show, {
      site: 'cologne',
      name: 'tape',
      type: 'long_term_archive',
      storage: 'tape',
      active: false,
      priority: -5,
      host: null,
      rootPath: null,
      endpointUrl: null,
      bucket: null,
      region: null,
      credentialsEnv: null,
      library: 'lib, "1"',
      capacity: 40_000_000_000_000,
    });
    assert.ok(!Number.isNaN(Date.parse(createdAt)) && !Number.isNaN(Date.parse(updatedAt)));
    const listed = await cli('location', 'list', '--no-active', '--output', 'csv', '--columns', 'site,name,where');
    assert.equal(listed.stdout, 'site,name,where\ncologne,tape,"tape lib, ""1"""\n');
  });

  it('says what of a location list or show is unknown: the site, the location, or an address that is none', async () => {
    const site = await cli('location', 'list', '--site', 'colgne');
    assert.equal(site.status, 4);
    assert.equal(
      site.stderr,
      "Error: no site 'colgne'; did you mean 'cologne'?\nTry: list them with `ccat-ops site list`\n",
    );
    const atSite = await cli('location', 'show', 'colgne/lta', '--json');
    assert.equal(atSite.status, 4);
    assert.equal(atSite.json().error.message, "no site 'colgne'; did you mean 'cologne'?");
    const address = await cli('location', 'show', 'cologne');
    assert.equal(address.status, 2);
    assert.match(address.stderr, /^Error: 'cologne' is not a location address; write it as SITE\/NAME/);
  });
});
