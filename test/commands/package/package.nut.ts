import assert from 'node:assert/strict';
import { E1, E2, GB, loadOpsFixture, P } from '../../helpers/ops-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

describe('ccat-ops package list|show', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const names = async (...args: string[]) => {
    const r = await cli('package', 'list', ...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    return r.json().items.map((p: { name: string }) => p.name);
  };

  before(async () => loadOpsFixture(db));

  it('lists raw data packages newest first, with module, executed obs unit, state and bundle', async () => {
    const r = await cli('package', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { items, next } = r.json();
    // P1 and P2 were created at the same instant: the id breaks the tie.
    assert.deepEqual(
      items.map((p: { id: string }) => p.id),
      [P[4], P[3], P[2], P[1]],
    );
    assert.equal(next, null);
    assert.deepEqual(
      { ...items[1], createdAt: undefined },
      {
        id: P[3],
        name: 'P3',
        module: 'CHAI/LFA',
        executed: E2,
        state: 'waiting',
        status: 'pending',
        sizeBytes: 20 * GB,
        retryCount: 0,
        bundle: 'B2',
        archivedAt: null,
        createdAt: undefined,
      },
    );
    assert.ok(Math.abs(Date.parse(items[3].archivedAt) - (Date.now() - 2 * 86_400_000)) < 10 * 60_000);
  });

  it('filters by state, status, module, executed obs unit and programme', async () => {
    assert.deepEqual(await names('--state', 'archived'), ['P2', 'P1']);
    assert.deepEqual(await names('--state', 'waiting,failed'), ['P4', 'P3']);
    assert.deepEqual(await names('--status', 'completed'), ['P2', 'P1']);
    assert.deepEqual(await names('--module', 'LFA'), ['P3', 'P1']);
    assert.deepEqual(await names('--state', 'archived', '--module', 'CHAI/HFA'), ['P2']);
    assert.deepEqual(await names('--executed', E1), ['P2', 'P1']);
    assert.deepEqual(await names('--program', 'Cal'), ['P3']);
  });

  it('filters by a live copy at a location, and by creation time', async () => {
    assert.deepEqual(await names('--location', 'cologne/lta'), ['P2', 'P1']);
    assert.deepEqual(await names('--location', 'us/lta'), ['P1']);
    assert.deepEqual(await names('--location', 'cologne/buffer'), []); // only file copies there
    assert.deepEqual(await names('--since', '2d'), ['P4', 'P3']);
    assert.deepEqual(await names('--until', '2d', '--status', 'completed'), ['P2', 'P1']);
  });

  it('pages by keyset on (created_at, id), and streams with --all', async () => {
    const first = (await cli('package', 'list', '--limit', '3', '--json')).json();
    assert.deepEqual(
      first.items.map((p: { name: string }) => p.name),
      ['P4', 'P3', 'P2'],
    );
    assert.equal(first.next, P[2]);
    assert.deepEqual(await names('--after', P[2]), ['P1']);
    assert.deepEqual(await names('--sort', 'oldest', '--limit', '2', '--after', P[1]), ['P2', 'P3']);
    const csv = await cli(
      'package',
      'list',
      '--all',
      '--output',
      'csv',
      '--columns',
      'name,state,sizeBytes',
      '--sort',
      'oldest',
    );
    assert.equal(
      csv.stdout,
      'name,state,sizeBytes\nP1,archived,10000000000\nP2,archived,20000000000\nP3,waiting,20000000000\nP4,waiting,5000000000\n',
    );
    const table = await cli('package', 'list', '--limit', '2');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Prime-Cam\/280 GHz/);
    assert.match(table.stdout, /20 GB/);
    assert.match(table.stderr, new RegExp(`More packages: add --after ${P[3]} for the next page`));
  });

  it('shows a package with its copies, its bundle’s transfers and its archive transfers', async () => {
    const r = await cli('package', 'show', 'P1');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`id\\s+${P[1]}`));
    assert.match(r.stdout, /obsUnit\s+ou-geco-1/);
    assert.match(r.stdout, /relativePath\s+packages\/P1\.tar/);
    assert.match(r.stdout, /size\s+10 GB/);
    assert.match(r.stdout, /state\s+archived/);
    assert.match(r.stdout, /sealedAt\s+\S/, 'an archived package is sealed');
    assert.match(r.stdout, /files\s+2/);
    assert.match(r.stdout, /bundle\s+B1 \(completed, 30 GB, retries 0\)/);
    assert.match(r.stdout, /Copies \(2\)/);
    assert.match(r.stdout, /cologne\/lta\s+│ present\s+│ 1d ago/);
    assert.match(r.stdout, /us\/lta\s+│ present/);
    assert.match(r.stdout, /Transfers of B1 \(2\)/);
    assert.match(r.stdout, /ccat_to_cologne\s+│ ccat\/buffer\s+│ cologne\/buffer\s+│ completed/);
    assert.match(r.stdout, /cologne_to_us\s+│ cologne\/buffer\s+│ us\/buffer\s+│ completed/);
    assert.match(r.stdout, /Archive transfers \(1\)/);

    const json = await cli('package', 'show', P[3], '--json');
    assert.equal(json.status, 0, json.stderr);
    const d = json.json();
    assert.equal(d.name, 'P3');
    assert.equal(d.executed, E2);
    assert.equal(d.program, 'Cal');
    assert.equal(d.checksumAlgorithm, 'sha256');
    assert.equal(d.checksum, 'c-P3');
    assert.equal(d.files, 2);
    assert.equal(typeof d.sealedAt, 'string', 'P3 is in a bundle: sealed');
    assert.deepEqual(d.copies, []);
    assert.deepEqual(d.bundle, { id: d.bundle.id, name: 'B2', status: 'completed', sizeBytes: 20 * GB, retryCount: 0 });
    assert.deepEqual(
      d.transfers.map((t: object) => ({ ...t, updatedAt: undefined })),
      [
        {
          id: 3,
          route: 'ccat_to_cologne',
          origin: 'ccat/buffer',
          destination: 'cologne/buffer',
          status: 'failed',
          retryCount: 3,
          updatedAt: undefined,
        },
        {
          id: 4,
          route: 'cologne_to_us',
          origin: 'cologne/buffer',
          destination: 'us/buffer',
          status: 'pending',
          retryCount: 0,
          updatedAt: undefined,
        },
      ],
    );
    assert.equal(d.archiveTransfers.length, 1);
    assert.deepEqual(
      { ...d.archiveTransfers[0], finishedAt: undefined },
      {
        id: 3,
        origin: 'cologne/buffer',
        destination: 'cologne/lta',
        status: 'failed',
        retryCount: 3,
        finishedAt: undefined,
        errorMessage: 's3: 503 Slow Down',
      },
    );
  });

  it('rejects bad input with one line and the right exit code', async () => {
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('package', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(4, /no raw data package 'P9'; did you mean 'P\d'\?/, 'show', 'P9');
    await bad(4, new RegExp(`no raw data package ${UNKNOWN}`), 'show', UNKNOWN);
    await bad(
      2,
      /Expected --state=stuck to be one of: waiting, transferring, archived, failed/,
      'list',
      '--state',
      'stuck',
    );
    await bad(2, /Expected --status=archived to be one of: pending/, 'list', '--status', 'archived');
    await bad(4, /no module 'HFX'; did you mean 'HFA'\?/, 'list', '--module', 'HFX');
    await bad(4, /no programme 'geco'; did you mean 'GEco'\?/, 'list', '--program', 'geco');
    await bad(4, /no site 'colonge'; did you mean 'cologne'\?/, 'list', '--location', 'colonge/lta');
    await bad(2, /--executed: 'E1' is not an executed obs unit id/, 'list', '--executed', 'E1');
    await bad(2, /--after: 'P1' is not a package id \(a UUID\)/, 'list', '--after', 'P1');
  });
});
