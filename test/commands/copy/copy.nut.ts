import assert from 'node:assert/strict';
import { GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/**
 * The fixture's copies, by id: 1–4 the files of P1 and P2 at cologne/buffer (3 days old), 5–6 the
 * files of P3 at ccat/buffer (30 h), 7 P1 and 8 P2 at cologne/lta, 9 P1 at us/lta (2 days, verified
 * a day ago), 10 bundle B1 at ccat/buffer (3 days, deleted a day ago).
 */
describe('ccat-ops copy list', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const ids = async (...args: string[]) => {
    const r = await cli('copy', 'list', ...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().items.map((c: { id: number }) => c.id);
  };

  before(async () => loadOpsFixture(db));

  it('lists live copies newest first, with the item, its location and size', async () => {
    const r = await cli('copy', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { items, next } = r.json();
    assert.deepEqual(
      items.map((c: { id: number }) => c.id),
      [9, 8, 7, 6, 5, 4, 3, 2, 1],
    );
    assert.equal(next, null);
    const byId = (id: number) => items.find((c: { id: number }) => c.id === id);
    assert.deepEqual(
      { ...byId(9), verifiedAt: undefined, createdAt: undefined },
      {
        id: 9,
        type: 'raw_data_package',
        item: 'P1',
        location: 'us/lta',
        status: 'present',
        sizeBytes: 10 * GB,
        verifiedAt: undefined,
        deletedAt: null,
        createdAt: undefined,
      },
    );
    assert.ok(Math.abs(Date.parse(byId(9).verifiedAt) - (Date.now() - 86_400_000)) < 10 * 60_000);
    assert.deepEqual(
      { ...byId(1), createdAt: undefined },
      {
        id: 1,
        type: 'raw_data_file',
        item: 'raw/P1/1.fits',
        location: 'cologne/buffer',
        status: 'present',
        sizeBytes: 5 * GB,
        verifiedAt: null,
        deletedAt: null,
        createdAt: undefined,
      },
    );
    assert.equal(byId(6).item, 'raw/P3/2.fits');
    assert.equal(byId(6).location, 'ccat/buffer');
  });

  it('includes deleted copies with --deleted', async () => {
    const r = await cli('copy', 'list', '--deleted', '--limit', '2', '--json');
    assert.equal(r.status, 0, r.stderr);
    const [deleted, newest] = r.json().items;
    assert.equal(newest.id, 9);
    assert.equal(deleted.id, 10);
    assert.equal(deleted.type, 'data_transfer_package');
    assert.equal(deleted.item, 'B1');
    assert.equal(deleted.location, 'ccat/buffer');
    assert.equal(deleted.status, 'deleted');
    assert.equal(deleted.sizeBytes, 30 * GB);
    assert.ok(Math.abs(Date.parse(deleted.deletedAt) - (Date.now() - 86_400_000)) < 10 * 60_000);
  });

  it('filters by location, status, type and creation time', async () => {
    assert.deepEqual(await ids('--location', 'cologne/buffer'), [4, 3, 2, 1]);
    assert.deepEqual(await ids('--location', 'cologne/lta'), [8, 7]);
    assert.deepEqual(await ids('--location', 'ccat/buffer', '--deleted'), [10, 6, 5]);
    assert.deepEqual(await ids('--status', 'present', '--type', 'raw_data_package'), [9, 8, 7]);
    assert.deepEqual(await ids('--status', 'deleted'), []);
    assert.deepEqual(await ids('--status', 'deleted,deletion_failed', '--deleted'), [10]);
    assert.deepEqual(await ids('--type', 'data_transfer_package', '--deleted'), [10]);
    assert.deepEqual(await ids('--since', '50h'), [9, 8, 7, 6, 5]);
    assert.deepEqual(await ids('--until', '50h', '--deleted'), [10, 4, 3, 2, 1]);
  });

  it('pages by keyset on the id, and streams with --all', async () => {
    const first = (await cli('copy', 'list', '--limit', '4', '--json')).json();
    assert.deepEqual(
      first.items.map((c: { id: number }) => c.id),
      [9, 8, 7, 6],
    );
    assert.equal(first.next, '6');
    assert.deepEqual(await ids('--limit', '4', '--after', '6'), [5, 4, 3, 2]);
    assert.deepEqual(await ids('--sort', 'oldest', '--limit', '3', '--after', '4'), [5, 6, 7]);
    const csv = await cli(
      'copy',
      'list',
      '--all',
      '--output',
      'csv',
      '--columns',
      'id,type,item,location',
      '--sort',
      'oldest',
    );
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(
      csv.stdout,
      [
        'id,type,item,location',
        '1,raw_data_file,raw/P1/1.fits,cologne/buffer',
        '2,raw_data_file,raw/P1/2.fits,cologne/buffer',
        '3,raw_data_file,raw/P2/1.fits,cologne/buffer',
        '4,raw_data_file,raw/P2/2.fits,cologne/buffer',
        '5,raw_data_file,raw/P3/1.fits,ccat/buffer',
        '6,raw_data_file,raw/P3/2.fits,ccat/buffer',
        '7,raw_data_package,P1,cologne/lta',
        '8,raw_data_package,P2,cologne/lta',
        '9,raw_data_package,P1,us/lta',
        '',
      ].join('\n'),
    );
    const nd = await cli('copy', 'list', '--location', 'cologne/buffer', '--all', '--output', 'ndjson');
    assert.equal(nd.status, 0, nd.stderr);
    const lines = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((c) => [c.id, c.item, c.sizeBytes]),
      [
        [4, 'raw/P2/2.fits', 10 * GB],
        [3, 'raw/P2/1.fits', 10 * GB],
        [2, 'raw/P1/2.fits', 5 * GB],
        [1, 'raw/P1/1.fits', 5 * GB],
      ],
    );
  });

  it('shows a table for people', async () => {
    const r = await cli('copy', 'list', '--limit', '3');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /raw_data_package\s+│ P1\s+│ us\/lta\s+│ present\s+│ 10 GB\s+│ 1d ago\s+│ 2d ago/);
    assert.match(r.stderr, /More copies: add --after 7 for the next page/);
    const none = await cli('copy', 'list', '--location', 'us/buffer');
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stderr, /No copies match/);
  });

  it('rejects bad input with one line and the right exit code', async () => {
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('copy', 'list', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(4, /no location 'cologne\/lat'; did you mean 'cologne\/lta'\?/, '--location', 'cologne/lat');
    await bad(4, /no site 'uss'; did you mean 'us'\?/, '--location', 'uss/lta');
    await bad(2, /--location: 'us' is not a location address/, '--location', 'us');
    await bad(2, /Expected --status=gone to be one of: present, staged/, '--status', 'gone');
    await bad(
      2,
      /Expected --type=tape to be one of: raw_data_file, raw_data_package, data_transfer_package/,
      '--type',
      'tape',
    );
    await bad(2, /--after: 'abc' is not a copy id \(a number\)/, '--after', 'abc');
    await bad(2, /--all streams rows/, '--all', '--json');
  });
});
