import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, placeFiles, type AuditPlace } from '../../helpers/audit-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops audit copies: findings, exit codes, metrics, bad input', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const audit = (place: AuditPlace, ...args: string[]) => cli('audit', 'copies', '--location', place.key, ...args);
  let place: AuditPlace;
  let copy: Record<string, string>;
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');

  before(async () => {
    await seedDatabase((await db.em()) as never);
    place = await auditPlace(db, 'audit');
    copy = await placeFiles(db, place, [
      { path: 'a/fine.dat', content: Buffer.from('all good\n') },
      // Test vectors: xxh64("abc") and adler32("Wikipedia") as published with the algorithms.
      { path: 'a/xxh.dat', content: Buffer.from('abc'), algorithm: 'xxh64', checksum: '44bc2cf5ad770999' },
      { path: 'a/adler.dat', content: Buffer.from('Wikipedia'), algorithm: 'adler32', checksum: '11e60398' },
      { path: 'a/md5.dat', content: Buffer.from('md5 me'), algorithm: 'md5', checksum: md5('md5 me') },
      { path: 'b/lost.dat', content: Buffer.from('gone'), onlyInDb: true },
      { path: 'b/grown.dat', content: Buffer.from('short') },
      { path: 'b/rotten.dat', content: Buffer.from('original') },
      { path: 'b/dir.dat', content: Buffer.from('x') },
    ]);
    writeFileSync(join(place.root, 'b/grown.dat'), 'much longer now');
    writeFileSync(join(place.root, 'b/rotten.dat'), 'origiNal'); // same size, other bytes
    rmSync(join(place.root, 'b/dir.dat'));
    mkdirSync(join(place.root, 'b/dir.dat')); // a directory where a file should be: unreadable
    mkdirSync(join(place.root, 'c'));
    writeFileSync(join(place.root, 'c/stray.dat'), 'nobody knows me');
    writeFileSync(join(place.root, 'c/incoming.dat'), 'still arriving');
    const old = new Date(Date.now() - 3 * 86_400_000);
    utimesSync(join(place.root, 'c/stray.dat'), old, old);
  });

  it('exists mode finds the lost copy and the directory in place of a file, nothing else; exit 3', async () => {
    const r = await audit(place, '--mode', 'exists', '--json');
    assert.equal(r.status, 3, r.stderr);
    const s = r.json();
    assert.equal(s.status, 'completed');
    assert.equal(s.checked, 8);
    assert.deepEqual(
      [s.findings.missing, s.findings.unreadable, s.findings.size_mismatch, s.findings.dark],
      [1, 1, 0, 0],
    );
    assert.match(r.stderr, /2 finding\(s\) in audit run/);
  });

  it('checksum mode with --dark: every kind, each algorithm recomputed; copies that passed are verified', async () => {
    const r = await audit(place, '--mode', 'checksum', '--dark', '--json');
    assert.equal(r.status, 3, r.stderr);
    const s = r.json();
    assert.equal(s.ok, 4);
    assert.deepEqual(s.findings, {
      missing: 1,
      size_mismatch: 1,
      checksum_mismatch: 1,
      dark: 1, // c/stray.dat; c/incoming.dat is younger than --dark-min-age (1 day)
      unreadable: 1,
      unknown_algorithm: 0,
      outside_root: 0,
    });
    const open = await db.query<{ kind: string; path: string; expected: string | null; actual: string | null }>(
      `select kind, relative_path as path, expected, actual from audit_finding where resolved_at is null order by kind, relative_path`,
    );
    assert.deepEqual(
      open.map((f) => `${f.kind} ${f.path}`),
      [
        'checksum_mismatch b/rotten.dat',
        'dark c/stray.dat',
        'missing b/lost.dat',
        'size_mismatch b/grown.dat',
        'unreadable b/dir.dat',
      ],
    );
    const rotten = open.find((f) => f.path === 'b/rotten.dat')!;
    assert.equal(rotten.actual, `sha256:${createHash('sha256').update('origiNal').digest('hex')}`);
    const verified = await db.query<{ id: string }>(
      `select id::text from physical_copy where verified_at is not null order by physical_copy.id`,
    );
    assert.deepEqual(
      verified.map((v) => v.id),
      ['a/fine.dat', 'a/xxh.dat', 'a/adler.dat', 'a/md5.dat'].map((p) => copy[p]),
    );
  });

  it('a problem seen again is one finding; fixing it resolves it at the next audit', async () => {
    const r = await audit(place, '--mode', 'checksum', '--dark', '--json');
    assert.equal(r.status, 3);
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from audit_finding`);
    assert.equal(n, 5);
    writeFileSync(join(place.root, 'b/rotten.dat'), 'original');
    rmSync(join(place.root, 'c/stray.dat'));
    const fixed = await audit(place, '--mode', 'checksum', '--dark', '--json');
    assert.equal(fixed.json().findings.checksum_mismatch, 0);
    const resolved = await db.query<{ path: string; resolution: string }>(
      `select relative_path as path, resolution from audit_finding where resolved_at is not null order by relative_path`,
    );
    assert.deepEqual(resolved, [
      { path: 'b/rotten.dat', resolution: 'passed' },
      { path: 'c/stray.dat', resolution: 'no longer seen' },
    ]);
    const list = await cli('audit', 'findings', '--location', place.key, '--kind', 'missing', '--unresolved', '--json');
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(
      list.json().items.map((f: { path: string; copy: number }) => [f.path, String(f.copy)]),
      [['b/lost.dat', copy['b/lost.dat']]],
    );
  });

  it('--fail-on picks which findings make exit 3; --metrics-file writes Prometheus gauges', async () => {
    const metrics = join(place.root, '..', `audit-${process.pid}.prom`);
    const r = await audit(place, '--mode', 'size', '--fail-on', 'checksum_mismatch,dark', '--metrics-file', metrics);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /completed/);
    const text = readFileSync(metrics, 'utf8');
    assert.match(text, /# TYPE ccat_ops_audit_checked_copies gauge/);
    assert.match(text, /ccat_ops_audit_checked_copies\{location="cologne\/audit",mode="size"\} 8/);
    assert.match(text, /ccat_ops_audit_findings\{location="cologne\/audit",mode="size",kind="missing"\} 1/);
    assert.match(text, /ccat_ops_audit_duration_seconds\{[^}]*\} \d/);
    assert.equal((await audit(place, '--mode', 'size', '--fail-on', 'missing')).status, 3);
  });

  it('--metrics-file is checked before the audit starts (exit 2): a missing directory, a directory, a FIFO, a link to nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-metrics-'));
    const fifo = join(dir, 'fifo.prom');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(join(dir, 'nowhere', 'x.prom'), join(dir, 'dangling.prom'));
    const runs = async () => (await db.query<{ n: number }>(`select count(*)::int as n from audit_run`))[0].n;
    const before = await runs();
    const cases: [string, RegExp][] = [
      [join(dir, 'missing', 'm.prom'), /^Error: --metrics-file: no such directory: .*\/missing$/m],
      [dir, /^Error: --metrics-file: .* is a directory; give a file in it/m],
      [fifo, /^Error: --metrics-file: .*fifo\.prom is not a regular file \(a FIFO\); it is never replaced$/m],
      [join(dir, 'dangling.prom'), /^Error: --metrics-file: .*dangling\.prom is a link to nothing that exists/m],
    ];
    for (const [path, expected] of cases) {
      const r = await audit(place, '--mode', 'size', '--metrics-file', path);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, expected);
      assert.match(r.stderr, /^Try: /m);
    }
    assert.equal(await runs(), before, 'nothing audited');
    assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
    assert.deepEqual(readdirSync(dir).sort(), ['dangling.prom', 'fifo.prom'], 'no temporary file left anywhere');
    assert.deepEqual(
      readdirSync(join(dir, '..')).filter((f) => f.startsWith(`${basename(dir)}.`)),
      [],
      'nothing written beside the directory',
    );
  });

  it('--metrics-file through a link replaces the file it points to; the link stays a link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-metrics-'));
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'audit.prom'), 'old\n');
    symlinkSync(join(dir, 'real', 'audit.prom'), join(dir, 'link.prom'));
    const r = await audit(place, '--mode', 'size', '--fail-on', 'none', '--metrics-file', join(dir, 'link.prom'));
    assert.equal(r.status, 0, r.stderr);
    assert.ok(lstatSync(join(dir, 'link.prom')).isSymbolicLink());
    assert.match(readFileSync(join(dir, 'real', 'audit.prom'), 'utf8'), /ccat_ops_audit_checked_copies\{/);
    assert.deepEqual(readdirSync(join(dir, 'real')), ['audit.prom']);
  });

  it('a copy whose algorithm this tool cannot compute is a finding of its own, and the run goes on', async () => {
    // A legacy row from before the algorithm check existed.
    await db.query(`alter table raw_data_file drop constraint raw_data_file_checksum_algorithm_check`);
    await db.query(`update raw_data_file set checksum_algorithm = 'crc32' where relative_path = 'a/fine.dat'`);
    const r = await audit(place, '--mode', 'checksum', '--json', '--fail-on', 'unknown_algorithm');
    assert.equal(r.status, 3, r.stderr);
    const s = r.json();
    assert.equal(s.findings.unknown_algorithm, 1);
    assert.equal(s.checked, 8);
    const [f] = await db.query<{ expected: string }>(
      `select expected from audit_finding where kind = 'unknown_algorithm'`,
    );
    assert.equal(f.expected, 'crc32');
    await db.query(`update raw_data_file set checksum_algorithm = 'sha256' where relative_path = 'a/fine.dat'`);
  });

  it('on a terminal, asks for the location and shows a progress bar with files/s, MB/s and ETA', async () => {
    const r = await runInTerminal(['audit', 'copies', '--mode', 'size'], [place.key, 'y'], { url: db.url });
    assert.equal(r.status, 3, r.screen);
    assert.match(r.screen, /Disk location to audit/);
    assert.match(r.screen, /audit cologne\/audit .*\d+% \| 8\/8 files \| [\d.]+ files\/s \| [\d.]+ k?B\/s \| ETA/);
  });

  it('refuses bad input with one line, the right exit code, and nothing written', async () => {
    const [{ n: before }] = await db.query<{ n: number }>(`select count(*)::int as n from audit_run`);
    const missingRoot = await auditPlace(db, 'unmounted');
    rmSync(missingRoot.root, { recursive: true });
    const cases: [string[], number, RegExp][] = [
      [['audit', 'copies', '--mode', 'size'], 2, /--location/],
      [['audit', 'copies', '--location', 'cologne/nowhere'], 4, /no location 'cologne\/nowhere'/],
      [['audit', 'copies', '--location', 'cologne/lta'], 2, /cologne\/lta is a s3 location; only disk locations/],
      [
        ['audit', 'copies', '--location', missingRoot.key],
        69,
        new RegExp(`root path ${missingRoot.root} of cologne/unmounted is missing`),
      ],
      [
        ['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--sample', '0%'],
        2,
        /--sample: '0%' is not a percentage in \(0, 100%\]/,
      ],
      [['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--sample', '150%'], 2, /--sample: '150%'/],
      [['audit', 'copies', '--location', place.key, '--sample', '5%'], 2, /--sample needs --mode checksum/],
      [['audit', 'copies', '--location', place.key, '--budget', 'soon'], 2, /--budget: 'soon' is not a duration/],
      [['audit', 'copies', '--location', place.key, '--fail-on', 'lost'], 2, /--fail-on: unknown finding kind 'lost'/],
      [
        ['audit', 'copies', '--location', place.key, '--fail-on', 'missing, dark,missing'],
        2,
        /--fail-on: kind 'missing' is named twice; name each kind once/,
      ],
      [['audit', 'show', '999'], 4, /no audit run 999/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n')[0].startsWith('Error:'), true);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    const [{ n: after }] = await db.query<{ n: number }>(`select count(*)::int as n from audit_run`);
    assert.equal(after, before);
  });

  it('never reads a copy whose path leads out of the root (outside_root, not verified); the dark walk reports links out and names that are not UTF-8', async () => {
    const inner = await auditPlace(db, 'contained');
    const outside = mkdtempSync(join(tmpdir(), 'ccat-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    mkdirSync(join(inner.root, 'real'));
    symlinkSync(outside, join(inner.root, 'link'));
    symlinkSync('real', join(inner.root, 'inlink'));
    symlinkSync(join(outside, 'secret.txt'), join(inner.root, 'out-file'));
    writeFileSync(Buffer.concat([Buffer.from(`${inner.root}/caf`), Buffer.from([0xe9]), Buffer.from('.dat')]), 'x');
    const old = '2020-01-01 00:00:00+00';
    const up = `../${basename(outside)}/secret.txt`;
    // Recorded with the checksum of the file they lead to: read, they would pass.
    const ids = await placeFiles(db, inner, [
      { path: up, content: Buffer.from('secret'), onlyInDb: true, verifiedAt: old },
      { path: 'link/secret.txt', content: Buffer.from('secret'), onlyInDb: true, verifiedAt: old },
      { path: 'inlink/fine.dat', content: Buffer.from('fine') }, // through a link inside the root: read
    ]);
    const verified = () =>
      db.query<{ id: string; old: boolean }>(
        `select id::text, verified_at = $2::timestamptz as old from physical_copy
          where data_location_id = $1 and verified_at is not null order by physical_copy.id`,
        [inner.id, old],
      );
    const r = await audit(inner, '--mode', 'checksum', '--json');
    assert.equal(r.status, 3, r.stderr);
    assert.deepEqual([r.json().checked, r.json().ok, r.json().findings.outside_root], [3, 1, 2]);
    assert.deepEqual(
      await verified(),
      [
        { id: ids[up], old: true },
        { id: ids['link/secret.txt'], old: true },
        { id: ids['inlink/fine.dat'], old: false },
      ].sort((a, b) => Number(a.id) - Number(b.id)),
    );

    const again = await audit(inner, '--mode', 'exists', '--dark', '--dark-min-age', '1ms', '--json');
    assert.equal(again.status, 3, again.stderr);
    // The two copies, and the two links out the walk meets (`link`, `out-file`); `inlink` leads inside.
    assert.deepEqual([again.json().findings.outside_root, again.json().findings.unreadable], [4, 1]);
    const open = await db.query<{ kind: string; path: string; copy: string | null; actual: string }>(
      `select kind, relative_path as path, physical_copy_id::text as copy, actual from audit_finding
        where data_location_id = $1 and kind in ('outside_root', 'unreadable') and resolved_at is null
        order by kind, relative_path`,
      [inner.id],
    );
    assert.deepEqual(open, [
      { kind: 'outside_root', path: up, copy: ids[up], actual: up },
      { kind: 'outside_root', path: 'link', copy: null, actual: outside },
      {
        kind: 'outside_root',
        path: 'link/secret.txt',
        copy: ids['link/secret.txt'],
        actual: join(outside, 'secret.txt'),
      },
      { kind: 'outside_root', path: 'out-file', copy: null, actual: join(outside, 'secret.txt') },
      { kind: 'unreadable', path: 'caf\\xe9.dat', copy: null, actual: 'name is not valid UTF-8' },
    ]);
    assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'secret');

    // The link removed, the next complete walk no longer sees it.
    rmSync(join(inner.root, 'out-file'));
    await audit(inner, '--mode', 'exists', '--dark', '--dark-min-age', '1ms');
    const [link] = await db.query<{ resolution: string }>(
      `select resolution from audit_finding where data_location_id = $1 and relative_path = 'out-file'`,
      [inner.id],
    );
    assert.equal(link.resolution, 'no longer seen');
  });
});
