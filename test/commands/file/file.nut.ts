import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { E1, E2, GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

describe('ccat-ops file list|show', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  /** Relative path → file id (the fixture's file ids are random). */
  const id: Record<string, string> = {};
  /** Every file id, newest first: (created_at, id) descending. */
  let newest: string[] = [];
  const paths = async (...args: string[]) => {
    const r = await cli('file', 'list', ...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().items.map((f: { relativePath: string }) => f.relativePath);
  };
  const sorted = (list: string[]) => [...list].sort();
  const filesOf = (...packages: number[]) => packages.flatMap((p) => [`raw/P${p}/1.fits`, `raw/P${p}/2.fits`]).sort();

  before(async () => {
    await loadOpsFixture(db);
    const files = await db.query<{ id: string; path: string }>(
      'select id, relative_path as path from raw_data_file order by created_at desc, id desc',
    );
    for (const f of files) id[f.path] = f.id;
    newest = files.map((f) => f.id);
  });

  it('lists raw data files newest first, with module, package, size and checksum', async () => {
    const r = await cli('file', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { items, next } = r.json();
    assert.deepEqual(
      items.map((f: { id: string }) => f.id),
      newest,
    );
    assert.equal(next, null);
    assert.deepEqual(
      items.slice(0, 4).map((f: { relativePath: string }) => f.relativePath),
      ['raw/P4/2.fits', 'raw/P4/1.fits', 'raw/P3/2.fits', 'raw/P3/1.fits'],
    );
    const f = items.find((x: { relativePath: string }) => x.relativePath === 'raw/P3/1.fits');
    assert.deepEqual(
      { ...f, createdAt: undefined },
      {
        id: id['raw/P3/1.fits'],
        relativePath: 'raw/P3/1.fits',
        module: 'CHAI/LFA',
        package: 'P3',
        executed: E2,
        sizeBytes: 10 * GB,
        checksumAlgorithm: 'md5',
        checksum: createHash('md5').update('P31').digest('hex'),
        createdAt: undefined,
      },
    );
    assert.ok(Math.abs(Date.parse(f.createdAt) - (Date.now() - 30 * 3600_000)) < 10 * 60_000);
  });

  it('filters by executed obs unit, module, package and programme', async () => {
    assert.deepEqual(sorted(await paths('--executed', E1)), filesOf(1, 2));
    assert.deepEqual(sorted(await paths('--module', 'LFA')), filesOf(1, 3));
    assert.deepEqual(await paths('--module', 'Prime-Cam/280 GHz'), ['raw/P4/2.fits', 'raw/P4/1.fits']);
    assert.deepEqual(await paths('--package', 'P3'), ['raw/P3/2.fits', 'raw/P3/1.fits']);
    assert.deepEqual(await paths('--program', 'Cal'), ['raw/P3/2.fits', 'raw/P3/1.fits']);
    assert.deepEqual(sorted(await paths('--program', 'GEco')), filesOf(1, 2, 4));
  });

  it('filters by a live copy at a location, and by creation time', async () => {
    assert.deepEqual(sorted(await paths('--location', 'cologne/buffer')), filesOf(1, 2));
    assert.deepEqual(await paths('--location', 'ccat/buffer'), ['raw/P3/2.fits', 'raw/P3/1.fits']);
    assert.deepEqual(await paths('--location', 'us/lta'), []); // only package copies there
    assert.deepEqual(sorted(await paths('--module', 'CHAI/LFA', '--location', 'cologne/buffer')), filesOf(1));
    assert.deepEqual(await paths('--since', '2d'), [
      'raw/P4/2.fits',
      'raw/P4/1.fits',
      'raw/P3/2.fits',
      'raw/P3/1.fits',
    ]);
    assert.deepEqual(sorted(await paths('--until', '2d')), filesOf(1, 2));
  });

  it('pages by keyset on (created_at, id): --limit, --after, --sort oldest, --all', async () => {
    const first = (await cli('file', 'list', '--limit', '3', '--json')).json();
    assert.deepEqual(
      first.items.map((f: { id: string }) => f.id),
      newest.slice(0, 3),
    );
    assert.equal(first.next, newest[2]);
    const second = (await cli('file', 'list', '--limit', '10', '--after', first.next, '--json')).json();
    assert.deepEqual(
      second.items.map((f: { id: string }) => f.id),
      newest.slice(3),
    );
    assert.equal(second.next, null);
    const oldest = (await cli('file', 'list', '--sort', 'oldest', '--after', newest[4], '--json')).json();
    assert.deepEqual(
      oldest.items.map((f: { id: string }) => f.id),
      newest.slice(0, 4).reverse(),
    );
    const nd = await cli('file', 'list', '--all', '--output', 'ndjson', '--package', 'P4');
    assert.equal(nd.status, 0, nd.stderr);
    assert.deepEqual(
      nd.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
      [id['raw/P4/2.fits'], id['raw/P4/1.fits']],
    );
    const table = await cli('file', 'list', '--limit', '2');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /raw\/P4\/1\.fits/);
    assert.match(table.stdout, /Prime-Cam\/280 GHz/);
    assert.match(table.stdout, /2\.5 GB/);
    // Created 1 h minus 2 s before the fixture's now(): 59m or 1h ago by the time the list runs.
    assert.match(table.stdout, / (59m|1h) ago /);
    assert.match(table.stderr, new RegExp(`More files: add --after ${newest[1]} for the next page`));
  });

  it('shows one file with every physical copy', async () => {
    const r = await cli('file', 'show', id['raw/P1/2.fits']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /relativePath\s+raw\/P1\/2\.fits/);
    assert.match(r.stdout, new RegExp(`executed\\s+${E1}`));
    assert.match(r.stdout, /obsUnit\s+ou-geco-1/);
    assert.match(r.stdout, /program\s+GEco/);
    assert.match(r.stdout, /module\s+CHAI\/LFA/);
    assert.match(r.stdout, /package\s+P1/);
    assert.match(r.stdout, /size\s+5 GB/);
    assert.match(r.stdout, /Copies \(1\)/);
    assert.match(r.stdout, /cologne\/buffer\s+│ present/);

    const json = await cli('file', 'show', id['raw/P3/1.fits'], '--json');
    assert.equal(json.status, 0, json.stderr);
    const detail = json.json();
    assert.equal(detail.id, id['raw/P3/1.fits']);
    assert.equal(detail.program, 'Cal');
    assert.equal(detail.sizeBytes, 10 * GB);
    assert.equal(detail.copies.length, 1);
    assert.deepEqual(
      { ...detail.copies[0], id: undefined },
      {
        id: undefined,
        location: 'ccat/buffer',
        status: 'present',
        verifiedAt: null,
        deletedAt: null,
        path: 'raw/P3/1.fits',
      },
    );

    const none = await cli('file', 'show', id['raw/P4/1.fits']);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /Copies \(0\)\n {2}\(none\)/);
  });

  it('rejects bad input with one line and the right exit code', async () => {
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('file', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(4, /no module 'LFX'; did you mean 'LFA'\?/, 'list', '--module', 'LFX');
    await bad(4, /no module 'CHAI\/HFX'; did you mean 'CHAI\/HFA'\?/, 'list', '--module', 'CHAI/HFX');
    await bad(4, /no programme 'Call'; did you mean 'Cal'\?/, 'list', '--program', 'Call');
    await bad(
      4,
      /no location 'cologne\/bufer'; did you mean 'cologne\/buffer'\?/,
      'list',
      '--location',
      'cologne/bufer',
    );
    await bad(2, /--location: 'cologne' is not a location address/, 'list', '--location', 'cologne');
    await bad(4, /no raw data package 'P7'; did you mean 'P\d'\?/, 'list', '--package', 'P7');
    await bad(
      2,
      /--executed: 'e1' is not an executed obs unit id \(a UUID, or at least its first 8 characters\)/,
      'list',
      '--executed',
      'e1',
    );
    await bad(4, new RegExp(`no executed obs unit ${UNKNOWN}`), 'list', '--executed', UNKNOWN);
    await bad(2, /--after: '3' is not a file id \(a UUID\)/, 'list', '--after', '3');
    await bad(
      2,
      /'raw\/P1\/1\.fits' is not a raw data file id \(a UUID, or at least its first 8 characters\)/,
      'show',
      'raw/P1/1.fits',
    );
    await bad(4, new RegExp(`no raw data file ${UNKNOWN}`), 'show', UNKNOWN);
  });
});
