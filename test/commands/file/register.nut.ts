import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, EXECUTED, sha256, type AuditPlace } from '../../helpers/audit-fixture.js';
import { runCli } from '../../helpers/run-cli.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops file register', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCli(args, { url: db.url });
  let place: AuditPlace;
  const files = () =>
    db.query<{ path: string; size: number; checksum: string; algorithm: string; copies: number; verified: boolean }>(
      `select f.relative_path as path, f.size_bytes::int as size, f.checksum, f.checksum_algorithm as algorithm,
              (select count(*)::int from physical_copy c where c.raw_data_file_id = f.id and c.deleted_at is null) as copies,
              exists (select 1 from physical_copy c where c.raw_data_file_id = f.id and c.verified_at is not null) as verified
         from raw_data_file f order by f.relative_path`,
    );
  const write = (path: string, content: string) => {
    mkdirSync(join(place.root, path, '..'), { recursive: true });
    writeFileSync(join(place.root, path), content);
  };

  before(async () => {
    await seedDatabase((await db.em()) as never);
    place = await auditPlace(db, 'register');
    write('obs/1.fits', 'one');
    write('obs/sub/2.fits', 'two!');
    write('other/3.fits', 'three');
  });

  it('refuses new files without --executed/--module, paths outside the root, and a missing root, writing nothing', async () => {
    const r = cli('file', 'register', '--location', place.key, 'obs');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /2 file\(s\) are new to the database: say whose they are with --executed and --module/);
    const outside = cli('file', 'register', '--location', place.key, '/etc/passwd');
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /\/etc\/passwd is not under the location's root/);
    const absent = cli('file', 'register', '--location', place.key, 'nope');
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /nope: no such file or directory under/);
    const gone = await auditPlace(db, 'gone');
    rmSync(gone.root, { recursive: true });
    const unmounted = cli('file', 'register', '--location', gone.key, 'x');
    assert.equal(unmounted.status, 69);
    assert.match(unmounted.stderr, /root path .* is missing/);
    assert.deepEqual(await files(), []);
  });

  it('walks directories, hashes each file, creates files with a verified copy; a second run changes nothing', async () => {
    const args = [
      'file',
      'register',
      '--location',
      place.key,
      '--executed',
      EXECUTED,
      '--module',
      'CHAI/LFA',
      'obs',
      '--json',
    ];
    const r = cli(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().created, 2);
    assert.deepEqual(await files(), [
      { path: 'obs/1.fits', size: 3, checksum: sha256('one'), algorithm: 'sha256', copies: 1, verified: true },
      { path: 'obs/sub/2.fits', size: 4, checksum: sha256('two!'), algorithm: 'sha256', copies: 1, verified: true },
    ]);
    const again = cli(...args);
    assert.equal(again.status, 0);
    assert.deepEqual([again.json().created, again.json().copiesAdded, again.json().unchanged], [0, 0, 2]);
    assert.equal((await files()).length, 2);
  });

  it('adds only the copy for a file known elsewhere; skips a file whose checksum differs (exit 3)', async () => {
    const second = await auditPlace(db, 'register2');
    writeFileSync(join(second.root, 'x.fits'), 'placeholder');
    mkdirSync(join(second.root, 'obs/sub'), { recursive: true });
    writeFileSync(join(second.root, 'obs/1.fits'), 'one');
    writeFileSync(join(second.root, 'obs/sub/2.fits'), 'TWO!');
    const r = cli('file', 'register', '--location', second.key, 'obs', '--json');
    assert.equal(r.status, 3, r.stderr);
    const out = r.json();
    assert.equal(out.copiesAdded, 1);
    assert.equal(out.skipped.length, 1);
    assert.match(out.skipped[0].reason, /registered as file .* with sha256 .*; on disk it is/);
    assert.deepEqual(
      (await files()).map((f) => [f.path, f.copies]),
      [
        ['obs/1.fits', 2],
        ['obs/sub/2.fits', 1],
      ],
    );
  });

  it('takes checksums from a manifest (md5) and reads only sizes; adopting a dark file resolves its finding', async () => {
    const audit = cli('audit', 'copies', '--location', place.key, '--dark', '--dark-min-age', '1ms', '--json');
    assert.equal(audit.json().findings.dark, 1); // other/3.fits
    const md5 = createHash('md5').update('three').digest('hex');
    const manifest = join(place.root, '..', `manifest-${process.pid}.md5`);
    writeFileSync(manifest, `# written at the telescope\n${md5}  other/3.fits\n`);
    const r = cli(
      'file',
      'register',
      '--location',
      place.key,
      '--manifest',
      manifest,
      '--algorithm',
      'md5',
      '--executed',
      EXECUTED,
      '--module',
      'LFA',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const three = (await files()).find((f) => f.path === 'other/3.fits')!;
    assert.deepEqual(three, {
      path: 'other/3.fits',
      size: 5,
      checksum: md5,
      algorithm: 'md5',
      copies: 1,
      verified: false,
    });
    const [finding] = await db.query<{ resolution: string }>(
      `select resolution from audit_finding where kind = 'dark'`,
    );
    assert.equal(finding.resolution, 'registered');
    writeFileSync(manifest, `${md5} other/3.fits\n`);
    const bad = cli('file', 'register', '--location', place.key, '--manifest', manifest, '--algorithm', 'md5');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /manifest-\d+\.md5:1 is not a md5 line/);
  });
});
