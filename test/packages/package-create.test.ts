import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { list as listTar } from 'tar';
import { Conflict, NotFound, UsageError, type OpsError } from '../../src/errors.js';
import { createPackage, type PackageRequest } from '../../src/packages/package-create.js';
import { packageName } from '../../src/packages/package-name.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { auditPlace, sha256, type AuditPlace } from '../helpers/audit-fixture.js';
import { execution, filesOf, packages } from '../helpers/package-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

const E = (n: number) => `0a0b0c0d-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The entries of a tar file, by node-tar (the same as `tar -tf`). */
async function tarEntries(file: string): Promise<string[]> {
  const entries: string[] = [];
  await listTar({ file, onReadEntry: (e) => entries.push(e.path) });
  return entries;
}

describe('package create (service)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  let pool: pg.Pool;
  let place: AuditPlace;
  const create = (req: Omit<PackageRequest, 'location'> & { location?: string }) =>
    createPackage(pool, { location: place.key, ...req });
  const rejects = async (req: PackageRequest, kind: new (message: string) => OpsError, message: RegExp) => {
    const before = await packages(db);
    await assert.rejects(create(req), (err: Error) => {
      assert.ok(err instanceof kind, `${err.name}: ${err.message}`);
      assert.match(err.message, message);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
    assert.deepEqual(await packages(db), before, 'nothing written');
  };

  before(async () => {
    await seedDatabase((await db.em()) as never);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined); // the database is dropped (with its connections) before this pool ends
    place = await auditPlace(db, 'pack');
  });
  after(() => pool.end());

  it('records the package of the files: its name, their summed size, waiting, the files in it', async () => {
    await execution(db, E(1));
    await filesOf(db, place, E(1), 'CHAI/LFA', { 'e1/lfa/1.fits': 'one', 'e1/lfa/2.fits': 'two!' });
    await filesOf(db, place, E(1), 'CHAI/HFA', { 'e1/hfa/1.fits': 'other module' });
    const p = await create({ executed: E(1).slice(0, 8) + '-0000', module: 'LFA' });
    const name = `${E(1)}_CHAI_LFA`;
    assert.deepEqual(
      [p.outcome, p.name, p.executed, p.module, p.location, p.files, p.filesBytes, p.sizeBytes, p.state, p.tar],
      ['created', name, E(1), 'CHAI/LFA', place.key, 2, 7, 7, 'waiting', null],
    );
    assert.deepEqual(await packages(db), [
      {
        name,
        executed: E(1),
        module: 'CHAI/LFA',
        relativePath: `packages/${name}.tar`,
        sizeBytes: 7,
        checksum: null,
        checksumAlgorithm: null,
        state: 'waiting',
        status: 'pending',
        files: ['e1/lfa/1.fits', 'e1/lfa/2.fits'],
        copies: [],
      },
    ]);
  });

  it('is idempotent: the same request again is unchanged, with no second package', async () => {
    const again = await create({ executed: E(1), module: 'CHAI/LFA' });
    assert.equal(again.outcome, 'unchanged');
    assert.equal(again.files, 2);
    assert.equal((await packages(db)).length, 1);
  });

  it('says what differs when a file was registered after the package was created (exit 1)', async () => {
    await filesOf(db, place, E(1), 'CHAI/LFA', { 'e1/lfa/3.fits': 'late' });
    await rejects(
      { executed: E(1), module: 'CHAI/LFA', location: place.key },
      Conflict,
      /package .*_CHAI_LFA already exists, without 1 file\(s\) registered since \(e1\/lfa\/3\.fits\); nothing written/,
    );
  });

  it('names the package from the execution id and slugs of instrument and module names', () => {
    assert.equal(packageName(E(9), 'Prime-Cam', '280 GHz'), `${E(9)}_Prime-Cam_280-GHz`);
    assert.equal(packageName(E(9).toUpperCase(), 'CHAI', 'LFA'), `${E(9)}_CHAI_LFA`);
    assert.equal(packageName(E(9), 'A_B', ' x/y '), `${E(9)}_A-B_x-y`);
  });

  it('writes the tar streamed under the root and records it: entries relative to the root, sha256 of the file', async () => {
    await execution(db, E(2));
    await filesOf(db, place, E(2), 'CHAI/LFA', { 'e2/a.fits': 'alpha', 'e2/deep/b.fits': 'b'.repeat(100_000) });
    const p = await create({ executed: E(2), module: 'CHAI/LFA', tar: 'packages/' });
    const name = `${E(2)}_CHAI_LFA`;
    const file = join(place.root, 'packages', `${name}.tar`);
    assert.deepEqual(await tarEntries(file), ['e2/a.fits', 'e2/deep/b.fits']);
    assert.deepEqual(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n'), [
      'e2/a.fits',
      'e2/deep/b.fits',
    ]);
    assert.equal(execFileSync('tar', ['-xOf', file, 'e2/deep/b.fits'], { encoding: 'utf8' }), 'b'.repeat(100_000));
    const onDisk = readFileSync(file);
    const sum = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    assert.equal(sha256(onDisk), sum);
    // The package's size is its tar's (what its checksum is of); the files' total is said beside it.
    assert.deepEqual([p.filesBytes, p.sizeBytes], [100_005, onDisk.length]);
    assert.deepEqual(p.tar, {
      path: `packages/${name}.tar`,
      sizeBytes: onDisk.length,
      checksum: sum,
      checksumAlgorithm: 'sha256',
      reused: false,
    });
    const [recorded] = (await packages(db)).filter((r) => r.name === name);
    assert.deepEqual(
      [recorded.relativePath, recorded.sizeBytes, recorded.checksum, recorded.checksumAlgorithm, recorded.files],
      [`packages/${name}.tar`, onDisk.length, sum, 'sha256', ['e2/a.fits', 'e2/deep/b.fits']],
    );
    assert.deepEqual(recorded.copies, [
      { location: place.key, status: 'present', sizeBytes: onDisk.length, checksum: sum, checksumAlgorithm: 'sha256' },
    ]);
    assert.deepEqual(
      readdirSync(join(place.root, 'packages')).filter((f) => f.endsWith('.partial')),
      [],
      'no temporary file left',
    );
    const again = await create({ executed: E(2), module: 'CHAI/LFA', tar: `packages/${name}.tar` });
    assert.equal(again.outcome, 'unchanged');
    assert.equal(again.tar?.checksum, sum);
    assert.equal((await packages(db)).filter((r) => r.name === name)[0].copies.length, 1);
  });

  it('writes the tar of a package recorded without one; takes over an identical tar an earlier run left', async () => {
    await execution(db, E(3));
    await filesOf(db, place, E(3), 'CHAI/HFA', { 'e3/h.fits': 'hfa' });
    const first = await create({ executed: E(3), module: 'CHAI/HFA' });
    assert.equal(first.outcome, 'created');
    const later = await create({ executed: E(3), module: 'CHAI/HFA', tar: 'tars/e3.tar' });
    assert.equal(later.outcome, 'updated');
    assert.equal(later.relativePath, 'tars/e3.tar');
    // Sized as the files until then; as its tar once the tar is recorded.
    const e3tar = readFileSync(join(place.root, 'tars/e3.tar')).length;
    assert.deepEqual([first.sizeBytes, later.filesBytes, later.sizeBytes], [3, 3, e3tar]);
    assert.equal((await packages(db)).find((r) => r.name === later.name)?.sizeBytes, e3tar);
    // A tar that is there already with the same content (a run that stopped before recording it) is kept.
    await execution(db, E(4));
    await filesOf(db, place, E(4), 'CHAI/HFA', { 'e4/h.fits': 'hfa4' });
    const made = await create({ executed: E(4), module: 'CHAI/HFA', tar: 'tars/e4.tar' });
    const again = await pool.query(
      `delete from physical_copy where raw_data_package_id =
      (select id from raw_data_package where name = $1)`,
      [made.name],
    );
    assert.equal(again.rowCount, 1);
    // Its files leave it with it (the foreign key empties their package).
    await pool.query(`delete from raw_data_package where name = $1`, [made.name]);
    const retried = await create({ executed: E(4), module: 'CHAI/HFA', tar: 'tars/e4.tar' });
    assert.deepEqual(
      [retried.outcome, retried.tar?.reused, retried.tar?.checksum],
      ['created', true, made.tar?.checksum],
    );
  });

  it('a dry run checks everything and writes nothing: no package, no files in one, no tar', async () => {
    await execution(db, E(11));
    await filesOf(db, place, E(11), 'CHAI/LFA', { 'e11/a.fits': 'eleven' });
    const before = await packages(db);
    const p = await create({ executed: E(11), module: 'CHAI/LFA', tar: 'e11/', dryRun: true });
    assert.deepEqual(
      [p.id, p.outcome, p.dryRun, p.files, p.filesBytes, p.sizeBytes, p.tar],
      [
        null,
        'created',
        true,
        1,
        6,
        null,
        {
          path: `e11/${E(11)}_CHAI_LFA.tar`,
          sizeBytes: null,
          checksum: null,
          checksumAlgorithm: 'sha256',
          reused: false,
        },
      ],
    );
    assert.deepEqual(await packages(db), before);
    assert.deepEqual(readdirSync(join(place.root, 'e11')), ['a.fits']);
    await rejects(
      { executed: E(11), module: 'CHAI/LFA', tar: '/etc/e11.tar', dryRun: true },
      UsageError,
      /is not under the location's root/,
    );
  });

  it('removes temporary tars dead runs of this host left beside the tar, and only those', async () => {
    await execution(db, E(14));
    await filesOf(db, place, E(14), 'CHAI/LFA', { 'e14/a.fits': 'fourteen' });
    const name = `${E(14)}_CHAI_LFA`;
    const dir = join(place.root, 'left');
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-');
    const partial = (who: string) => `.${name}.tar.${who}.partial`;
    const leftovers = {
      dead: partial(`${host}.${dead}-00000001`), // killed outright here: removed
      alive: partial(`${host}.${process.pid}-00000002`), // this very process: kept
      other: partial(`elsewhere.${dead}-00000003`), // another host's (a shared file system): kept
      old: partial(`${dead}-00000004`), // named before the host was in the name: kept
      neighbour: `.${E(15)}_CHAI_LFA.tar.${host}.${dead}-00000005.partial`, // another package's: not looked at
    };
    for (const f of Object.values(leftovers)) writeFileSync(join(dir, f), 'partial');
    const dry = await create({ executed: E(14), module: 'CHAI/LFA', tar: 'left/', dryRun: true });
    assert.deepEqual(Object.fromEntries(dry.leftovers.map((l) => [l.path, l.removed])), {
      [`left/${leftovers.dead}`]: true,
      [`left/${leftovers.alive}`]: false,
      [`left/${leftovers.other}`]: false,
      [`left/${leftovers.old}`]: false,
    });
    assert.equal(readdirSync(dir).length, 5, 'a dry run removes nothing');
    const p = await create({ executed: E(14), module: 'CHAI/LFA', tar: 'left/' });
    assert.equal(p.outcome, 'created');
    const byPath = Object.fromEntries(p.leftovers.map((l) => [l.path, l]));
    assert.deepEqual(byPath[`left/${leftovers.dead}`], {
      path: `left/${leftovers.dead}`,
      removed: true,
      reason: `left by process ${dead} here, which is gone`,
    });
    assert.equal(byPath[`left/${leftovers.alive}`].reason, `written by process ${process.pid} here, which is alive`);
    assert.equal(
      byPath[`left/${leftovers.other}`].reason,
      `written by process ${dead} on host elsewhere, not this one`,
    );
    assert.equal(byPath[`left/${leftovers.old}`].reason, `written by process ${dead} of a host it does not name`);
    assert.deepEqual(
      readdirSync(dir).sort(),
      [leftovers.alive, leftovers.other, leftovers.old, leftovers.neighbour, `${name}.tar`].sort(),
    );
    // A run that finds the package made (unchanged) removes a dead run's leftover too.
    writeFileSync(join(dir, leftovers.dead), 'partial');
    const again = await create({ executed: E(14), module: 'CHAI/LFA', tar: 'left/' });
    assert.equal(again.outcome, 'unchanged');
    assert.deepEqual(
      again.leftovers.filter((l) => l.removed).map((l) => l.path),
      [`left/${leftovers.dead}`],
    );
    assert.equal(existsSync(join(dir, leftovers.dead)), false);
  });

  it('never removes what is only named like a dead run\u2019s temporary tar: a link, a directory, a recorded file', async () => {
    await execution(db, E(16));
    await filesOf(db, place, E(16), 'CHAI/LFA', { 'e16/a.fits': 'sixteen' });
    const name = `${E(16)}_CHAI_LFA`;
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-');
    const partial = (n: number) => `.${name}.tar.${host}.${dead}-0000000${n}.partial`;
    const dir = join(place.root, 'named');
    mkdirSync(join(dir, partial(2)), { recursive: true }); // a directory
    symlinkSync(join(place.root, 'e16/a.fits'), join(dir, partial(3))); // a link to a raw file
    // A raw file another writer registered under such a name: data, whatever its name says.
    await execution(db, E(17));
    await filesOf(db, place, E(17), 'CHAI/LFA', { [`named/${partial(4)}`]: 'raw data' });
    writeFileSync(join(dir, partial(1)), 'half a tar'); // a dead run's: removed
    const kept = (n: number, what: string) => ({
      path: `named/${partial(n)}`,
      removed: false,
      reason: `named like a temporary tar, but ${what}`,
      notATar: true,
    });
    const expected = [
      { path: `named/${partial(1)}`, removed: true, reason: `left by process ${dead} here, which is gone` },
      kept(2, 'not a regular file'),
      kept(3, 'not a regular file'),
      kept(4, 'a file recorded as a copy at this location'),
    ];
    const dry = await create({ executed: E(16), module: 'CHAI/LFA', tar: 'named/', dryRun: true });
    // The dry run says what the run does: it would remove the dead run's tar alone.
    assert.deepEqual(dry.leftovers, expected);
    assert.equal(readdirSync(dir).length, 4, 'a dry run removes nothing');
    const p = await create({ executed: E(16), module: 'CHAI/LFA', tar: 'named/' });
    assert.equal(p.outcome, 'created');
    assert.deepEqual(p.leftovers, expected);
    assert.deepEqual(readdirSync(dir).sort(), [partial(2), partial(3), partial(4), `${name}.tar`].sort());
    assert.equal(readFileSync(join(dir, partial(4)), 'utf8'), 'raw data');
    assert.equal(readFileSync(join(place.root, 'e16/a.fits'), 'utf8'), 'sixteen');
  });

  it('refuses --tar at another location than the one its recorded tar was written at (exit 1), writing nothing', async () => {
    await execution(db, E(18));
    const ids = await filesOf(db, place, E(18), 'CHAI/LFA', { 'e18/a.fits': 'eighteen' });
    const other = await auditPlace(db, 'pack-tar-elsewhere');
    mkdirSync(join(other.root, 'e18'));
    writeFileSync(join(other.root, 'e18/a.fits'), 'eighteen');
    await db.query(
      `insert into physical_copy (copy_type, raw_data_file_id, data_location_id) select 'raw_data_file', unnest($1::uuid[]), $2`,
      [Object.values(ids), other.id],
    );
    const made = await create({ executed: E(18), module: 'CHAI/LFA', tar: 'packs/' });
    assert.equal(made.outcome, 'created');
    const name = `${E(18)}_CHAI_LFA`;
    // It said "already exists; nothing changed" (exit 0): as if a tar were there now.
    for (const dryRun of [true, false]) {
      await rejects(
        { executed: E(18), module: 'CHAI/LFA', location: other.key, tar: 'packs/', dryRun },
        Conflict,
        new RegExp(
          `^package ${name} already has its tar \\(sha256 ${made.tar!.checksum!.slice(0, 12)}…\\), with no copy at ${other.key}: --tar writes a package's tar once, where it is packed; nothing written$`,
        ),
      );
    }
    assert.equal(existsSync(join(other.root, 'packs')), false);
    // One that was there and is deleted since (moved on) is the repeat of the run that wrote it: unchanged.
    await db.query(
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, deleted_at)
       values ('raw_data_package', $1, $2, 'deleted', now())`,
      [made.id, other.id],
    );
    const again = await create({ executed: E(18), module: 'CHAI/LFA', location: other.key, tar: 'packs/' });
    assert.deepEqual([again.outcome, again.tar], ['unchanged', null]);
  });

  it('checks each file\u2019s bytes in the tar with its own algorithm; a hard link is its twin\u2019s bytes', async () => {
    await execution(db, E(19));
    const ids = await filesOf(db, place, E(19), 'CHAI/LFA', { 'e19/a.fits': 'nineteen', 'e19/m.fits': 'md5 one' });
    linkSync(join(place.root, 'e19/a.fits'), join(place.root, 'e19/twin.fits'));
    await filesOf(db, place, E(19), 'CHAI/LFA', { 'e19/twin.fits': 'nineteen' }, { onDisk: false });
    await db.query(`update raw_data_file set checksum = $1, checksum_algorithm = 'md5' where id = $2`, [
      createHash('md5').update('md5 one').digest('hex'),
      ids['e19/m.fits'],
    ]);
    const p = await create({ executed: E(19), module: 'CHAI/LFA', tar: 'e19.tar' });
    assert.deepEqual([p.outcome, p.files], ['created', 3]);
    assert.deepEqual(await tarEntries(join(place.root, 'e19.tar')), ['e19/a.fits', 'e19/m.fits', 'e19/twin.fits']);
  });

  it('refuses to overwrite a different file at the tar path (exit 1), writing nothing', async () => {
    await execution(db, E(5));
    await filesOf(db, place, E(5), 'CHAI/LFA', { 'e5/a.fits': 'five' });
    mkdirSync(join(place.root, 'taken'), { recursive: true });
    writeFileSync(join(place.root, 'taken/e5.tar'), 'not a tar');
    await rejects(
      { executed: E(5), module: 'CHAI/LFA', tar: 'taken/e5.tar', location: place.key },
      Conflict,
      /--tar: taken\/e5\.tar already exists and is not this package's tar .*; nothing was written/,
    );
    assert.equal(readFileSync(join(place.root, 'taken/e5.tar'), 'utf8'), 'not a tar');
    assert.deepEqual(readdirSync(join(place.root, 'taken')), ['e5.tar']);
  });

  it('identical runs at once: one creates the package, the others say it is unchanged (with and without --tar)', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      for (const [n, tar] of [
        [12, undefined],
        [13, 'packages/'],
      ] as const) {
        await execution(db, E(n));
        await filesOf(
          db,
          place,
          E(n),
          'CHAI/LFA',
          Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`e${n}/f${i}.fits`, `file ${i}`])),
        );
        const runs = await Promise.allSettled(
          pools.map((p) => createPackage(p, { location: place.key, executed: E(n), module: 'CHAI/LFA', tar })),
        );
        const failed = runs.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
        assert.deepEqual(failed, [], 'no run fails');
        const outcomes = runs.map((r) => (r as PromiseFulfilledResult<{ outcome: string }>).value.outcome).sort();
        assert.equal(outcomes.filter((o) => o === 'created').length, 1, outcomes.join());
        assert.equal(outcomes.filter((o) => o !== 'created' && o !== 'unchanged').length, 0, outcomes.join());
        const [made] = (await packages(db)).filter((r) => r.name === `${E(n)}_CHAI_LFA`);
        assert.equal(made.files.length, 50);
        if (tar) assert.equal(made.copies.length, 1);
      }
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses bad input with one line each, writing nothing', async () => {
    await execution(db, E(6));
    await execution(db, 'abcdef12-0000-4000-8000-000000000001');
    await execution(db, 'abcdef12-0000-4000-8000-000000000002');
    await execution(db, E(7), 'running');
    await filesOf(db, place, E(6), 'CHAI/LFA', { 'e6/a.fits': 'six' });
    await rejects(
      { executed: 'ffffffff', module: 'CHAI/LFA' },
      NotFound,
      /--executed: no executed obs unit with an id starting ffffffff/,
    );
    await rejects(
      { executed: 'abcdef12', module: 'CHAI/LFA' },
      UsageError,
      /--executed: 'abcdef12' is ambiguous: 2 executed obs units start with it/,
    );
    await rejects({ executed: 'abc', module: 'CHAI/LFA' }, UsageError, /is not an executed obs unit id/);
    await rejects({ executed: E(6), module: 'LFX' }, NotFound, /no module 'LFX'; did you mean 'LFA'\?/);
    await rejects(
      { executed: E(6), module: 'Prime-Cam/850 GHz' },
      NotFound,
      /execution .* has no raw data files of Prime-Cam\/850 GHz; nothing written/,
    );
    await rejects({ executed: E(7), module: 'CHAI/LFA' }, Conflict, /execution .* is still running/);
    await rejects(
      { executed: E(6), module: 'CHAI/LFA', location: 'cologne/nope' },
      NotFound,
      /no location 'cologne\/nope'/,
    );
    await rejects(
      { executed: E(6), module: 'CHAI/LFA', tar: '/etc/e6.tar' },
      UsageError,
      /--tar: \/etc\/e6\.tar is not under the location's root/,
    );
    await rejects(
      { executed: E(6), module: 'CHAI/LFA', tar: '../e6.tar' },
      UsageError,
      /is not under the location's root/,
    );
    const outside = mkdtempSync(join(tmpdir(), 'ccat-pack-out-'));
    symlinkSync(outside, join(place.root, 'out'));
    await rejects(
      { executed: E(6), module: 'CHAI/LFA', tar: 'out/sub/e6.tar' },
      UsageError,
      /--tar: out\/sub\/e6\.tar is not under the location's root .* \(a symbolic link leads to /,
    );
    assert.deepEqual(readdirSync(outside), [], 'nothing written through the link');
  });

  it('needs every file at the location: says how many are missing and where they are (exit 1)', async () => {
    const other = await auditPlace(db, 'pack-other');
    await execution(db, E(8));
    await filesOf(db, place, E(8), 'CHAI/LFA', { 'e8/a.fits': 'a', 'e8/b.fits': 'b' });
    await filesOf(db, other, E(8), 'CHAI/LFA', { 'e8/c.fits': 'c' });
    await rejects(
      { executed: E(8), module: 'CHAI/LFA', location: place.key },
      Conflict,
      new RegExp(
        `1 file\\(s\\) of this execution and module have no present copy at ${place.key} \\(1 at ${other.key} \\(present\\)\\), e\\.g\\. e8/c\\.fits; nothing written`,
      ),
    );
    await rejects(
      { executed: E(8), module: 'CHAI/LFA', location: undefined as never },
      UsageError,
      new RegExp(`are at 2 locations \\(${place.key}: 2, ${other.key}: 1\\); say which with --location`),
    );
  });

  it('defaults to the one location that has the files; checks each is on disk with its size before the tar', async () => {
    await execution(db, E(10));
    await filesOf(db, place, E(10), 'CHAI/LFA', { 'e10/a.fits': 'ten' });
    await filesOf(db, place, E(10), 'CHAI/LFA', { 'e10/gone.fits': 'gone' }, { onDisk: false });
    await rejects(
      { executed: E(10), module: 'CHAI/LFA', location: undefined as never, tar: 'e10.tar' },
      Conflict,
      /e10\/gone\.fits at .* is not on disk; no tar written, nothing recorded/,
    );
    assert.equal(existsSync(join(place.root, 'e10.tar')), false);
    writeFileSync(join(place.root, 'e10/gone.fits'), 'longer than recorded');
    await rejects(
      { executed: E(10), module: 'CHAI/LFA', tar: 'e10.tar' },
      Conflict,
      /e10\/gone\.fits at .* is 20 bytes on disk, 4 recorded/,
    );
    // Its size again, but not its bytes (rewritten in place since it was registered): it would go into
    // the package under the checksum of other bytes. Found as the tar is written; nothing is left.
    writeFileSync(join(place.root, 'e10/gone.fits'), 'back');
    await rejects(
      { executed: E(10), module: 'CHAI/LFA', tar: 'e10.tar' },
      Conflict,
      new RegExp(
        `^e10/gone\\.fits at ${place.key} is not the file registered: in the tar it is sha256 ${sha256('back')}, recorded ${sha256('gone')} \\(changed since it was registered\\?\\); no tar written, nothing recorded$`,
      ),
    );
    assert.deepEqual(
      readdirSync(place.root).filter((f) => f.includes('e10.tar')),
      [],
      'no tar, no temporary tar',
    );
    writeFileSync(join(place.root, 'e10/gone.fits'), 'gone');
    const p = await createPackage(pool, { executed: E(10), module: 'CHAI/LFA', tar: 'e10.tar' });
    assert.deepEqual([p.outcome, p.location, p.files], ['created', place.key, 2]);
  });
});
