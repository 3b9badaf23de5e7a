import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatBytes } from '../../../src/output/bytes.js';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, sha256, type AuditPlace } from '../../helpers/audit-fixture.js';
import { execution, filesOf, packages } from '../../helpers/package-fixture.js';
import { startCli } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/** The pid of a process that has ended (and so is alive no more on this host). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const E = (n: number) => `0c0d0e0f-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('ccat-ops package create', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  let place: AuditPlace;
  /** Exit code, a one-line error without a stack, a Try line, and nothing written. */
  const refused = async (args: string[], status: number, message: RegExp) => {
    const before = await packages(db);
    const r = await cli('package', 'create', ...args);
    assert.equal(r.status, status, r.stderr);
    const [line, ...rest] = r.stderr.trim().split('\n');
    assert.match(line, message);
    assert.ok(
      rest.every((l) => l.startsWith('Try:')),
      r.stderr,
    );
    assert.doesNotMatch(r.stderr, /^\s+at /m);
    assert.equal(r.stdout, '');
    assert.deepEqual(await packages(db), before);
  };

  before(async () => {
    await seedDatabase((await db.em()) as never);
    place = await auditPlace(db, 'pack-cli');
    await execution(db, E(1));
    await filesOf(db, place, E(1), 'CHAI/LFA', { 'raw/e1/1.fits': 'one', 'raw/e1/2.fits': 'two!' });
  });

  it('creates the package and writes its tar; a second run says it exists and changes nothing', async () => {
    const dry = await cli(
      'package',
      'create',
      '--executed',
      E(1).slice(0, 8),
      '--module',
      'LFA',
      '--tar',
      'packages/',
      '--dry-run',
    );
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /^Dry run: would create package .*_CHAI_LFA from 2 file\(s\), 7 B at .* Tar at .*: packages\/.*_CHAI_LFA\.tar \(its size and checksum become the package's\)\. Nothing changed\.\n$/,
    );
    assert.deepEqual(await packages(db), []);
    assert.equal(existsSync(join(place.root, 'packages')), false);
    const r = await cli('package', 'create', '--executed', E(1).slice(0, 8), '--module', 'LFA', '--tar', 'packages/');
    assert.equal(r.status, 0, r.stderr);
    const name = `${E(1)}_CHAI_LFA`;
    const file = join(place.root, 'packages', `${name}.tar`);
    const sum = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    const tarSize = statSync(file).size;
    // The files' total, and the package's size: its tar's (what its checksum is of).
    assert.match(
      r.stdout,
      new RegExp(
        `^Created package ${name} from 2 file\\(s\\), 7 B at ${place.key}, waiting, size ${formatBytes(tarSize)}\\.`,
      ),
    );
    assert.match(
      r.stdout,
      new RegExp(`Tar at ${place.key}: packages/${name}\\.tar, ${formatBytes(tarSize)}, sha256 ${sum}\\.`),
    );
    assert.deepEqual(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }), 'raw/e1/1.fits\nraw/e1/2.fits\n');
    const [p] = await packages(db);
    assert.deepEqual(
      [p.name, p.sizeBytes, p.state, p.checksum, p.checksumAlgorithm, p.files, p.copies.length],
      [name, tarSize, 'waiting', sum, 'sha256', ['raw/e1/1.fits', 'raw/e1/2.fits'], 1],
    );

    // An audit of the location verifies the tar against the recorded checksum, and finds nothing dark.
    const audit = await cli(
      'audit',
      'copies',
      '--location',
      place.key,
      '--mode',
      'checksum',
      '--dark',
      '--dark-min-age',
      '1ms',
      '--json',
    );
    assert.equal(audit.status, 0, audit.stderr);
    assert.deepEqual([audit.json().checked, audit.json().ok, audit.json().findings.dark], [3, 3, 0]);

    const again = await cli(
      'package',
      'create',
      '--executed',
      E(1),
      '--module',
      'CHAI/LFA',
      '--tar',
      `packages/${name}.tar`,
    );
    assert.equal(again.status, 0, again.stderr);
    assert.match(
      again.stdout,
      new RegExp(
        `^Package ${name} already exists \\(2 file\\(s\\), 7 B, size ${formatBytes(tarSize)}, waiting\\); nothing changed\\.`,
      ),
    );
    const json = (await cli('package', 'create', '--executed', E(1), '--module', 'CHAI/LFA', '--json')).json();
    assert.deepEqual(
      [json.outcome, json.name, json.files, json.filesBytes, json.sizeBytes, json.tar.checksum],
      ['unchanged', name, 2, 7, tarSize, sum],
    );
    assert.equal((await packages(db)).length, 1);
  });

  it("records the tar's size as the package's: a copy another writer recorded without a size of its own passes a size audit", async () => {
    await execution(db, E(5));
    await filesOf(db, place, E(5), 'CHAI/LFA', { 'raw/e5/a.fits': 'alpha', 'raw/e5/b.fits': 'beta' });
    const args = ['package', 'create', '--executed', E(5), '--module', 'CHAI/LFA'];
    const name = `${E(5)}_CHAI_LFA`;
    // Without a tar, its size is the files' total.
    const plain = await cli(...args, '--json');
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual([plain.json().outcome, plain.json().filesBytes, plain.json().sizeBytes], ['created', 9, 9]);
    // Its tar, written by a later run: the package's size and checksum are the tar's.
    const r = await cli(...args, '--tar', 'packages/');
    assert.equal(r.status, 0, r.stderr);
    const file = join(place.root, 'packages', `${name}.tar`);
    const tarSize = statSync(file).size;
    const sum = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    assert.match(
      r.stdout,
      new RegExp(
        `^Package ${name} \\(2 file\\(s\\), 9 B, waiting\\): its tar is written and recorded, with its size and checksum as the package's\\. Tar at ${place.key}: packages/${name}\\.tar, ${formatBytes(tarSize)}, sha256 ${sum}\\.\n$`,
      ),
    );
    const [p] = (await packages(db)).filter((x) => x.name === name);
    assert.deepEqual([p.sizeBytes, p.checksum], [tarSize, sum]);
    const show = await cli('package', 'show', name, '--json');
    assert.equal(show.json().sizeBytes, tarSize);

    // Another writer (the Python services) copies the tar to the archive and records that copy with
    // neither size nor checksum of its own (DESIGN §5.6: the package's hold).
    const lta = await auditPlace(db, 'pack-cli-lta');
    mkdirSync(join(lta.root, 'packages'));
    copyFileSync(file, join(lta.root, 'packages', `${name}.tar`));
    await db.query(
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status)
       select 'raw_data_package', id, $1, 'present' from raw_data_package where name = $2`,
      [lta.id, name],
    );
    for (const mode of ['size', 'checksum']) {
      const audit = await cli('audit', 'copies', '--location', lta.key, '--mode', mode, '--json');
      assert.equal(audit.status, 0, `${mode}: ${audit.stdout}${audit.stderr}`);
      assert.deepEqual([audit.json().checked, audit.json().ok], [1, 1], mode);
    }
  });

  it('removes the temporary tar a killed run of this host left; keeps one another host is writing', async () => {
    await execution(db, E(6));
    await filesOf(db, place, E(6), 'CHAI/LFA', { 'raw/e6/a.fits': 'six' });
    const name = `${E(6)}_CHAI_LFA`;
    const dir = join(place.root, 'e6');
    mkdirSync(dir);
    // As `package create --tar` left it when killed outright (kill -9) on this host: a process that is gone.
    const dead = deadPid();
    const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-');
    const left = `.${name}.tar.${host}.${dead}-0badcafe.partial`;
    writeFileSync(join(dir, left), Buffer.alloc(1536));
    // Another host's (a shared file system): that run may be writing it now.
    const theirs = `.${name}.tar.other-host.${dead}-0badf00d.partial`;
    writeFileSync(join(dir, theirs), Buffer.alloc(512));
    const r = await cli('package', 'create', '--executed', E(6), '--module', 'CHAI/LFA', '--tar', 'e6/');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Created package ${name} from 1 file\\(s\\), 3 B at ${place.key}, waiting`));
    assert.match(
      r.stderr,
      new RegExp(
        `Removed e6/\\.${name}\\.tar\\.${host}\\.${dead}-0badcafe\\.partial at ${place.key}: a temporary tar left by process ${dead} here, which is gone\\.`,
      ),
    );
    assert.match(
      r.stderr,
      new RegExp(
        `Left e6/\\.${name}\\.tar\\.other-host\\.${dead}-0badf00d\\.partial at ${place.key}: a temporary tar written by process ${dead} on host other-host, not this one; delete it once that run is over\\.`,
      ),
    );
    assert.deepEqual(readdirSync(dir).sort(), [theirs, `${name}.tar`]);
    // What is left is not dark once the other host's is gone.
    rmSync(join(dir, theirs));
    const audit = await cli('audit', 'copies', '--location', place.key, '--dark', '--dark-min-age', '1ms', '--json');
    assert.equal(audit.json().findings.dark, 0, audit.stdout);
  });

  it('exits 1 saying what differs when a file was registered after the package', async () => {
    await filesOf(db, place, E(1), 'CHAI/LFA', { 'raw/e1/3.fits': 'three' });
    await await refused(
      ['--executed', E(1), '--module', 'CHAI/LFA'],
      1,
      /^Error: package .*_CHAI_LFA already exists, without 1 file\(s\) registered since \(raw\/e1\/3\.fits\); nothing written$/,
    );
  });

  it('refuses each bad input with its exit code and one line, writing nothing', async () => {
    await execution(db, E(2));
    await execution(db, 'abcdef12-0000-4000-8000-000000000001');
    await execution(db, 'abcdef12-0000-4000-8000-000000000002');
    await filesOf(db, place, E(2), 'CHAI/HFA', { 'raw/e2/1.fits': 'hfa' });
    const other = await auditPlace(db, 'pack-cli-other');
    await filesOf(db, other, E(2), 'CHAI/LFA', { 'raw/e2/l.fits': 'lfa' });
    const outside = mkdtempSync(join(tmpdir(), 'ccat-pack-cli-out-'));
    symlinkSync(outside, join(place.root, 'elsewhere'));
    const args = (...more: string[]) => ['--executed', E(2), '--module', 'CHAI/HFA', ...more];

    await await refused(['--module', 'CHAI/HFA'], 2, /--executed/);
    await await refused(
      ['--executed', 'ffffffff', '--module', 'CHAI/HFA'],
      4,
      /--executed: no executed obs unit with an id starting ffffffff/,
    );
    await await refused(
      ['--executed', 'abcdef12', '--module', 'CHAI/HFA'],
      2,
      /'abcdef12' is ambiguous: 2 executed obs units/,
    );
    await await refused(['--executed', E(2), '--module', 'HFX'], 4, /no module 'HFX'; did you mean 'HFA'\?/);
    await await refused(
      ['--executed', E(2), '--module', 'Prime-Cam/EoR-Spec'],
      4,
      /has no raw data files of Prime-Cam\/EoR-Spec; nothing written/,
    );
    await await refused(
      ['--executed', E(2), '--module', 'CHAI/LFA', '--location', place.key],
      1,
      new RegExp(
        `1 file\\(s\\) of this execution and module have no present copy at ${place.key} \\(1 at ${other.key} \\(present\\)\\)`,
      ),
    );
    await await refused(args('--tar', '/etc/x.tar'), 2, /--tar: \/etc\/x\.tar is not under the location's root/);
    await await refused(args('--tar', 'elsewhere/x.tar'), 2, /\(a symbolic link leads to .*ccat-pack-cli-out-/);
    assert.deepEqual(readdirSync(outside), []);
    await await refused(args('--location', 'cologne/nope'), 4, /no location 'cologne\/nope'/);
  });

  it('asks on a terminal which location to pack from when the files are at several', async () => {
    await execution(db, E(4));
    await filesOf(db, place, E(4), 'CHAI/LFA', { 'raw/e4/1.fits': 'four' });
    const dup = await auditPlace(db, 'pack-cli-dup');
    mkdirSync(join(dup.root, 'raw/e4'), { recursive: true });
    writeFileSync(join(dup.root, 'raw/e4/1.fits'), 'four');
    await db.query(
      `insert into physical_copy (copy_type, raw_data_file_id, data_location_id)
       select 'raw_data_file', id, $1 from raw_data_file where executed_obs_unit_id = $2`,
      [dup.id, E(4)],
    );
    const down = '\u001b[B';
    const r = await runInTerminal(
      ['package', 'create', '--executed', E(4), '--module', 'LFA', '--tar', 'e4.tar'],
      [down],
      {
        url: db.url,
      },
    );
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, new RegExp(`${place.key} \\(1 file\\(s\\)\\)`));
    assert.match(
      r.screen,
      new RegExp(`Created package ${E(4)}_CHAI_LFA from 1 file\\(s\\), 4 B at ${dup.key}, waiting, size .*\\.`),
    );
    assert.ok(existsSync(join(dup.root, 'e4.tar')));
    assert.equal(existsSync(join(place.root, 'e4.tar')), false);
  });

  it('leaves no tar under the final name and records nothing when interrupted while writing', async () => {
    await execution(db, E(3));
    await filesOf(db, place, E(3), 'CHAI/LFA', { 'raw/e3/big.fits': '' });
    const big = join(place.root, 'raw/e3/big.fits');
    const size = 1024 ** 3;
    truncateSync(big, size); // sparse: quick to make, a gigabyte to read
    await db.query(`update raw_data_file set size_bytes = $1 where relative_path = 'raw/e3/big.fits'`, [size]);
    const dir = join(place.root, 'e3');
    const run = startCli(['package', 'create', '--executed', E(3), '--module', 'CHAI/LFA', '--tar', 'e3/'], {
      url: db.url,
    });
    // Stop it while the temporary tar is being written, and interrupt it there.
    while (!(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.partial')))) await sleep(5);
    run.child.kill('SIGSTOP');
    run.child.kill('SIGINT');
    run.child.kill('SIGCONT');
    assert.equal(await run.exited, 1, run.stderr());
    assert.match(run.stderr(), /interrupted: no tar was written at e3\/.*\.tar and nothing recorded/);
    assert.deepEqual(readdirSync(dir), []);
    assert.equal((await packages(db)).filter((p) => p.executed === E(3)).length, 0);
    writeFileSync(big, ''); // give the disk back
  });

  it('killed outright while writing, it leaves its temporary tar; the next run on this host removes it', async () => {
    await execution(db, E(7));
    await filesOf(db, place, E(7), 'CHAI/LFA', { 'raw/e7/big.fits': '' });
    const big = join(place.root, 'raw/e7/big.fits');
    const size = 1024 ** 3;
    truncateSync(big, size); // sparse: quick to make, a gigabyte to read
    await db.query(`update raw_data_file set size_bytes = $1 where relative_path = 'raw/e7/big.fits'`, [size]);
    const dir = join(place.root, 'e7');
    const args = ['package', 'create', '--executed', E(7), '--module', 'CHAI/LFA', '--tar', 'e7/'];
    const run = startCli(args, { url: db.url });
    const partial = () => (existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.partial')) : undefined);
    while (!partial()) await sleep(5);
    // Named by this host and the process writing it, which is then killed outright (no cleanup).
    const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-');
    const left = partial()!;
    const named = new RegExp(`^\\.${E(7)}_CHAI_LFA\\.tar\\.${host}\\.(\\d+)-[0-9a-f]{8}\\.partial$`).exec(left);
    assert.ok(named, left);
    process.kill(Number(named[1]), 'SIGKILL');
    await run.exited;
    assert.deepEqual(readdirSync(dir), [left], 'the killed run left its temporary tar');
    assert.equal((await packages(db)).filter((p) => p.executed === E(7)).length, 0);
    writeFileSync(big, 'small'); // give the disk back
    await db.query(`update raw_data_file set size_bytes = 5, checksum = $1 where relative_path = 'raw/e7/big.fits'`, [
      sha256('small'),
    ]);
    const r = await cli(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `Removed e7/${left.replace(/\./g, '\\.')} at ${place.key}: a temporary tar left by process ${named[1]} here, which is gone\\.`,
      ),
    );
    assert.deepEqual(readdirSync(dir), [`${E(7)}_CHAI_LFA.tar`]);
  });
});
