import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, EXECUTED, sha256, type AuditPlace } from '../../helpers/audit-fixture.js';
import { startCli } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops file register', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
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
    const r = await cli('file', 'register', '--location', place.key, 'obs');
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /2 file\(s\) are new to the database: say whose they are with --module and --executed \(or --obs-unit\)/,
    );
    const outside = await cli('file', 'register', '--location', place.key, '/etc/passwd');
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /\/etc\/passwd is not under the location's root/);
    const absent = await cli('file', 'register', '--location', place.key, 'nope');
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /nope: no such file or directory under/);
    const gone = await auditPlace(db, 'gone');
    rmSync(gone.root, { recursive: true });
    const unmounted = await cli('file', 'register', '--location', gone.key, 'x');
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
    const r = await cli(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().created, 2);
    assert.deepEqual(await files(), [
      { path: 'obs/1.fits', size: 3, checksum: sha256('one'), algorithm: 'sha256', copies: 1, verified: true },
      { path: 'obs/sub/2.fits', size: 4, checksum: sha256('two!'), algorithm: 'sha256', copies: 1, verified: true },
    ]);
    const again = await cli(...args);
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
    const r = await cli('file', 'register', '--location', second.key, 'obs', '--json');
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
    const audit = await cli('audit', 'copies', '--location', place.key, '--dark', '--dark-min-age', '1ms', '--json');
    assert.equal(audit.json().findings.dark, 1); // other/3.fits
    const md5 = createHash('md5').update('three').digest('hex');
    const manifest = join(place.root, '..', `manifest-${process.pid}.md5`);
    writeFileSync(manifest, `# written at the telescope\n${md5}  other/3.fits\n`);
    const r = await cli(
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
    const bad = await cli('file', 'register', '--location', place.key, '--manifest', manifest, '--algorithm', 'md5');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /manifest-\d+\.md5:1 is not a md5 line/);
  });

  it("never adopts ccat-ops' own files: the location's marker, and temporary tars of package create (left out with a note)", async () => {
    // As `package create --tar` leaves them when killed outright (kill -9, a crash): this naming and the earlier one.
    const partials = [
      `packs/.${EXECUTED}_CHAI_LFA.tar.some-host.4242-0badcafe.partial`,
      `packs/.${EXECUTED}_CHAI_HFA.tar.4243-0badf00d.partial`,
    ];
    for (const p of partials) write(p, 'half a tar');
    write('packs/p.fits', 'raw');
    const marker = '.ccat-ops-location';
    assert.ok(existsSync(join(place.root, marker)), 'an earlier run wrote the marker');
    const args = ['file', 'register', '--location', place.key, '--executed', EXECUTED, '--module', 'CHAI/LFA'];
    const r = await cli(...args, 'packs', marker);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Registered 1 file\(s\) at .*: 1 created, 0 copies added, 0 already registered\.\n$/);
    for (const p of partials) {
      assert.match(
        r.stderr,
        new RegExp(
          `left out ${p.replace(/\./g, '\\.')}: a temporary tar of \`package create --tar\` \\(ccat-ops' own, not raw data\\)`,
        ),
      );
    }
    assert.doesNotMatch(r.stderr, /skipped|ccat-ops-location/);
    const json = (await cli(...args, 'packs', marker, '--json')).json();
    assert.deepEqual(
      [json.unchanged, json.skipped, json.ignored.map((i: { path: string }) => i.path).sort()],
      [1, [], [...partials].sort()],
    );
    const paths = (await files()).map((f) => f.path);
    assert.ok(paths.includes('packs/p.fits'));
    assert.deepEqual(
      paths.filter((p) => p.endsWith('.partial') || p === marker),
      [],
    );
  });

  it('registers a raw file merely named like a temporary tar (no .tar); shows control characters of names visibly', async () => {
    const own = `.${EXECUTED}_CHAI_LFA.tar.some-host.4244-0badcafe.partial`;
    write(`lookalike/${own}`, 'half a tar');
    write('lookalike/.scan.2026-0a1b2c3d.partial', 'raw data of an instrument'); // not package create's
    write('lookalike/.\x1b[2Jx.tar.4245-0badcafe.partial', 'half a tar'); // an escape sequence in its name
    const args = ['file', 'register', '--location', place.key, '--executed', EXECUTED, '--module', 'CHAI/LFA'];
    const r = await cli(...args, 'lookalike');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Registered 1 file\(s\) at .*: 1 created, 0 copies added, 0 already registered\.\n$/);
    assert.match(r.stderr, new RegExp(`left out lookalike/${own.replace(/\./g, '\\.')}: a temporary tar`));
    assert.ok(r.stderr.includes('left out lookalike/.\\x1B[2Jx.tar.4245-0badcafe.partial: a temporary tar'), r.stderr);
    assert.ok(!r.stderr.includes('\x1b'), 'no escape character reaches the terminal');
    assert.doesNotMatch(r.stderr, /scan/);
    const paths = (await files()).map((f) => f.path).filter((p) => p.startsWith('lookalike/'));
    assert.deepEqual(paths, ['lookalike/.scan.2026-0a1b2c3d.partial']);
  });

  it('refuses a manifest giving one file two checksums (as written or by another path to it): exit 2, nothing written', async () => {
    write('twice/t.fits', 'right');
    const manifest = join(place.root, '..', `twice-${process.pid}.sha256`);
    const before = await files();
    const args = ['file', 'register', '--location', place.key, '--obs-unit', 'audit-ou', '--module', 'CHAI/LFA'];
    for (const other of ['twice/t.fits', 'twice/./t.fits']) {
      writeFileSync(manifest, `${sha256('wrong')}  twice/t.fits\n${sha256('right')}  ${other}\n`);
      const r = await cli(...args, '--manifest', manifest);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(
        r.stderr.split('\n')[0],
        `Error: --manifest lists twice/t.fits twice with different checksums: ${sha256('wrong')} and ${sha256('right')}` +
          `${other === 'twice/t.fits' ? '' : ` (as ${other})`}; nothing was registered`,
      );
      assert.doesNotMatch(r.stderr, /at .*\.(js|ts):\d+/);
    }
    assert.deepEqual(await files(), before);
    // The same checksum twice is one file.
    writeFileSync(manifest, `${sha256('right')}  twice/t.fits\n${sha256('right')}  twice/./t.fits\n`);
    const r = await cli(...args, '--manifest', manifest, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().created, 1);
    const t = (await files()).find((f) => f.path === 'twice/t.fits')!;
    assert.equal(t.checksum, sha256('right'));
    // A manifest's other checksum for a registered file is what the manifest says, not what is on disk.
    writeFileSync(manifest, `${sha256('wrong')}  twice/t.fits\n`);
    const other = await cli(...args, '--manifest', manifest);
    assert.equal(other.status, 3, other.stderr);
    assert.match(
      other.stdout,
      /^Nothing registered: 0 file\(s\) at .* are already registered, 1 skipped \(below\)\.\n$/,
    );
    assert.match(
      other.stderr,
      new RegExp(
        `skipped twice/t\\.fits: registered as file .* with sha256 ${sha256('right')}; the manifest says sha256 ${sha256('wrong')}\n`,
      ),
    );
    // The root itself listed is shown as the root, not as an empty path.
    writeFileSync(manifest, `${sha256('x')}  .\n`);
    const dot = await cli(...args, '--manifest', manifest);
    assert.equal(dot.status, 3, dot.stderr);
    assert.match(dot.stderr, /^ {2}skipped \.: not a regular file$/m);
  });

  it('with --obs-unit records one execution for the run, spanning the new files; --executed takes an id prefix', async () => {
    write('run43/a.fits', 'a');
    write('run43/b.fits', 'bb');
    utimesSync(join(place.root, 'run43/a.fits'), new Date('2026-11-30T22:00:00Z'), new Date('2026-11-30T22:00:00Z'));
    utimesSync(join(place.root, 'run43/b.fits'), new Date('2026-11-30T22:40:00Z'), new Date('2026-11-30T22:40:00Z'));
    const executions = async () =>
      Number((await db.query<{ n: string }>('select count(*) as n from executed_obs_unit'))[0].n);
    const before = await executions();
    const register = (...args: string[]) =>
      cli('file', 'register', '--location', place.key, '--module', 'CHAI/LFA', ...args);

    const unknown = await register('--obs-unit', 'audit-oo', 'run43');
    assert.equal(unknown.status, 4);
    assert.match(unknown.stderr, /no obs unit 'audit-oo'; did you mean 'audit-ou'\?/);
    const both = await register('--obs-unit', 'audit-ou', '--executed', EXECUTED, 'run43');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--obs-unit|--executed/);
    assert.equal(await executions(), before);
    assert.equal((await files()).filter((f) => f.path.startsWith('run43/')).length, 0, 'nothing written');

    const r = await register('--obs-unit', 'audit-ou', 'run43', '--json');
    assert.equal(r.status, 0, r.stderr);
    const { executed, created } = r.json();
    assert.equal(created, 2);
    assert.deepEqual(
      await db.query(
        `select o.name as ou, e.status, e.start_time, e.end_time,
                (select array_agg(f.relative_path order by f.relative_path) from raw_data_file f where f.executed_obs_unit_id = e.id) as files
           from executed_obs_unit e join obs_unit o on o.id = e.obs_unit_id where e.id = $1`,
        [executed],
      ),
      [
        {
          ou: 'audit-ou',
          status: 'completed',
          start_time: new Date('2026-11-30T22:00:00Z'),
          end_time: new Date('2026-11-30T22:40:00Z'),
          files: ['run43/a.fits', 'run43/b.fits'],
        },
      ],
    );
    const again = await register('--obs-unit', 'audit-ou', 'run43', '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.json().created, 0);
    assert.equal(again.json().executed, undefined, 'no new files: no execution recorded');
    assert.equal(await executions(), before + 1);

    write('run44/c.fits', 'c');
    const prefix = await register('--executed', executed.slice(0, 8), 'run44', '--json');
    assert.equal(prefix.status, 0, prefix.stderr);
    const [{ e }] = await db.query<{ e: string }>(
      `select executed_obs_unit_id::text as e from raw_data_file where relative_path = 'run44/c.fits'`,
    );
    assert.equal(e, executed);
  });

  it('with --obs-unit refuses a new file modified in the future (the execution would end then): exit 2, nothing written', async () => {
    write('ahead/a.fits', 'a');
    write('ahead/b.fits', 'b');
    const future = new Date(Date.now() + 36 * 365 * 86_400_000); // a clock 36 years ahead (2062 for 2026)
    utimesSync(join(place.root, 'ahead/b.fits'), future, future);
    const executions = () => db.query(`select id from executed_obs_unit order by id`);
    const [before, beforeFiles] = [await executions(), await files()];
    const args = [
      'file',
      'register',
      '--location',
      place.key,
      '--obs-unit',
      'audit-ou',
      '--module',
      'CHAI/LFA',
      'ahead',
    ];
    for (const dry of [[], ['--dry-run']]) {
      const r = await cli(...args, ...dry);
      assert.equal(r.status, 2, r.stderr);
      assert.match(
        r.stderr,
        /^Error: --obs-unit: ahead\/b\.fits was last modified at \d{4}-\d\d-\d\dT[\d:.]+Z, in the future \(now is [\d:.TZ-]+\): the execution would end then; nothing was registered\n/,
      );
    }
    assert.deepEqual([await executions(), await files()], [before, beforeFiles]);
    // Within the clock skew executed add allows (another host's clock a little ahead) it is taken.
    const soon = new Date(Date.now() + 60_000);
    utimesSync(join(place.root, 'ahead/b.fits'), soon, soon);
    const ok = await cli(...args, '--json');
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.json().created, 2);
  });

  it('on a location of another host, takes the root here only by its marker: no marker, no copies is exit 69', async () => {
    const far = await auditPlace(db, 'far-away');
    await db.query(`update data_location set host = 'far-away.elsewhere.example' where id = $1`, [far.id]);
    mkdirSync(join(far.root, 'o'));
    writeFileSync(join(far.root, 'o/f.fits'), 'far');
    const before = await files();
    const args = ['file', 'register', '--location', far.key, '--executed', EXECUTED, '--module', 'CHAI/LFA', 'o'];
    for (const run of [args, ['audit', 'copies', '--location', far.key]]) {
      const r = await cli(...run);
      assert.equal(r.status, 69, r.stderr);
      assert.equal(
        r.stderr.split('\n')[0],
        `Error: ${far.key} is on far-away.elsewhere.example, not this host (${hostname()}), and ${far.root} here carries no marker of it; nothing was checked or written`,
      );
    }
    assert.equal(existsSync(join(far.root, '.ccat-ops-location')), false, 'no marker written here');
    assert.deepEqual(await files(), before);
    // Written deliberately (this host does mount that storage), the marker says it is that storage.
    assert.equal((await cli('location', 'write-marker', far.key)).status, 0);
    const r = await cli(...args, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().created, 1);
  });

  it("never adopts a package's tar recorded at the location as a raw file (left out, naming its package)", async () => {
    const tars = await auditPlace(db, 'tars');
    const name = `${EXECUTED}_CHAI_HFA`;
    await db.query(
      `with p as (insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, state)
                  values ($1, $2, (select m.id from instrument_module m join instrument i on i.id = m.instrument_id
                                    where i.name = 'CHAI' and m.name = 'HFA'), $3, 3, 'waiting') returning id)
       insert into physical_copy (copy_type, raw_data_package_id, data_location_id) select 'raw_data_package', id, $4 from p`,
      [name, EXECUTED, `packs/${name}.tar`, tars.id],
    );
    // A transfer bundle's copy here, and the package's copy under a path of its own (not the package's).
    const other = await auditPlace(db, 'tars-other');
    await db.query(
      `with b as (insert into data_transfer_package (name, relative_path) values ('B-tars', 'packs/bundle.tar') returning id)
       insert into physical_copy (copy_type, data_transfer_package_id, data_location_id) select 'data_transfer_package', id, $1 from b`,
      [tars.id],
    );
    await db.query(
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, relative_path)
       select 'raw_data_package', id, $1, 'packs/renamed.tar' from raw_data_package where name = $2`,
      [other.id, name],
    );
    mkdirSync(join(tars.root, 'packs'));
    writeFileSync(join(tars.root, 'packs', `${name}.tar`), 'tar');
    writeFileSync(join(tars.root, 'packs', 'bundle.tar'), 'bundle');
    writeFileSync(join(tars.root, 'packs', 'raw.fits'), 'raw');
    const args = ['file', 'register', '--location', tars.key, '--executed', EXECUTED, '--module', 'CHAI/LFA', 'packs'];
    const dry = await cli(...args, '--dry-run', '--json');
    assert.equal(dry.json().created, 1, dry.stderr);
    const r = await cli(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Registered 1 file\(s\) at .*: 1 created,/);
    assert.ok(
      r.stderr.includes(
        `left out packs/${name}.tar: the tar of package ${name}, recorded at this location (not raw data)`,
      ),
      r.stderr,
    );
    assert.ok(r.stderr.includes('left out packs/bundle.tar: the tar of transfer package '), r.stderr);
    const paths = (await files()).map((f) => f.path).filter((p) => p.startsWith('packs/'));
    assert.ok(paths.includes('packs/raw.fits'));
    assert.ok(!paths.includes(`packs/${name}.tar`) && !paths.includes('packs/bundle.tar'), paths.join(', '));
    // At the other location the package's copy is under its own path: that file is the tar there.
    mkdirSync(join(other.root, 'packs'), { recursive: true });
    writeFileSync(join(other.root, 'packs', 'renamed.tar'), 'tar');
    const there = await cli(
      'file',
      'register',
      '--location',
      other.key,
      '--executed',
      EXECUTED,
      '--module',
      'CHAI/LFA',
      'packs',
    );
    assert.equal(there.status, 0, there.stderr);
    assert.ok(there.stderr.includes(`left out packs/renamed.tar: the tar of package ${name}`), there.stderr);
  });

  describe('an --obs-unit run that did not finish (finding 11)', () => {
    const execution = (id: string) =>
      db.query<{ files: number; start: Date; end: Date; open: boolean; status: string }>(
        `select (select count(*)::int from raw_data_file f where f.executed_obs_unit_id = e.id) as files,
                e.start_time as start, e.end_time as end, e.register_run is not null as open, e.status
           from executed_obs_unit e where e.id = $1`,
        [id],
      );
    const executionsOf = (prefix: string) =>
      db.query<{ e: string; n: number }>(
        `select executed_obs_unit_id::text as e, count(*)::int as n from raw_data_file
          where relative_path like $1 group by 1 order by 2 desc`,
        [`${prefix}/%`],
      );

    it('killed after its first batch, the same command continues its execution: one execution, exit 0', async () => {
      const run = await auditPlace(db, 'interrupted');
      const at = (i: number) => new Date(Date.parse('2026-11-30T21:00:00Z') + i * 1000);
      const N = 501; // one more than a batch
      for (let i = 0; i < N; i++) {
        const path = join(run.root, 'run45', `f${String(i).padStart(4, '0')}.fits`);
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, `file ${i}`);
        utimesSync(path, at(i), at(i));
      }
      // The second batch (its one file) resolves the dark finding of run45/f0500.fits: a transaction
      // here holding that finding stops the run after its first batch has committed.
      const dark = await cli('audit', 'copies', '--location', run.key, '--dark', '--dark-min-age', '1ms', '--json');
      assert.equal(dark.json().findings.dark, N, dark.stderr);
      const holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      const args = [
        'file',
        'register',
        '--location',
        run.key,
        '--obs-unit',
        'audit-ou',
        '--module',
        'CHAI/LFA',
        'run45',
      ];
      try {
        await holder.query('begin');
        await holder.query(
          `select id from audit_finding where data_location_id = $1 and relative_path = 'run45/f0500.fits' for update`,
          [run.id],
        );
        const cli1 = startCli(args, { url: db.url });
        // Not a matter of timing: the run is known to be waiting on the held finding before it is killed.
        for (let waited = 0; ; waited += 50) {
          const [w] = await db.query<{ files: number; waiting: boolean }>(
            `select (select count(*)::int from raw_data_file where relative_path like 'run45/%') as files,
                    exists (select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%audit_finding%') as waiting`,
          );
          if (w.files === 500 && w.waiting) break;
          assert.ok(waited < 60_000, `the run did not reach its second batch: ${cli1.stderr()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        cli1.child.kill('SIGTERM');
        assert.notEqual(await cli1.exited, 0);
      } finally {
        await holder.query('rollback');
        await holder.end();
      }
      const [first] = await executionsOf('run45');
      assert.deepEqual(await executionsOf('run45'), [{ e: first.e, n: 500 }]);
      assert.deepEqual(await execution(first.e), [
        { files: 500, start: at(0), end: at(N - 1), open: true, status: 'completed' }, // spans all it found
      ]);

      // Its files are not all there: it is not packaged yet.
      const early = await cli('package', 'create', '--executed', first.e, '--module', 'CHAI/LFA');
      assert.equal(early.status, 1, early.stderr);
      assert.match(
        early.stderr,
        new RegExp(
          `execution ${first.e} is still being registered: a \`file register --obs-unit\` of its files did not finish; nothing written`,
        ),
      );
      assert.deepEqual(
        await db.query(`select id from raw_data_package where executed_obs_unit_id = $1`, [first.e]),
        [],
      );

      // Another command for the same obs unit meanwhile is another execution: it does not join this one.
      write('run46/x.fits', 'x');
      const other = await cli(
        'file',
        'register',
        '--location',
        place.key,
        '--obs-unit',
        'audit-ou',
        '--module',
        'CHAI/LFA',
        'run46',
        '--json',
      );
      assert.equal(other.status, 0, other.stderr);
      assert.equal(other.json().execution, 'recorded');
      assert.notEqual(other.json().executed, first.e);
      assert.deepEqual(other.json().unfinishedElsewhere, [first.e]);
      const shown = await cli('executed', 'show', first.e, '--json');
      assert.equal(shown.json().registration, 'unfinished');

      const again = await cli(...args, '--json');
      assert.equal(again.status, 0, again.stderr);
      const out = again.json();
      assert.deepEqual(
        [out.created, out.unchanged, out.skipped, out.executed, out.execution],
        [1, 500, [], first.e, 'continued'],
      );
      const text = await cli(...args);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /Nothing to do: 501 file\(s\) at cologne\/interrupted are already registered/);
      assert.deepEqual(await executionsOf('run45'), [{ e: first.e, n: N }]);
      assert.deepEqual(await execution(first.e), [
        { files: N, start: at(0), end: at(N - 1), open: false, status: 'completed' },
      ]);
      assert.equal((await cli('executed', 'show', first.e, '--json')).json().registration, null);

      const packed = await cli('package', 'create', '--executed', first.e, '--module', 'CHAI/LFA', '--json');
      assert.equal(packed.status, 0, packed.stderr);
      assert.equal(packed.json().files, N);

      // Finished: the same command with a new file records a new execution for it.
      writeFileSync(join(run.root, 'run45', 'later.fits'), 'later');
      const later = await cli(...args, '--json');
      assert.equal(later.status, 0, later.stderr);
      assert.equal(later.json().execution, 'recorded');
      assert.notEqual(later.json().executed, first.e);
    });

    it('a skip that lasts (another checksum on record) finishes it, so the same command’s next data records its own execution', async () => {
      write('run48/a.fits', 'as registered');
      const owner = ['--executed', EXECUTED, '--module', 'CHAI/LFA'];
      assert.equal((await cli('file', 'register', '--location', place.key, ...owner, 'run48/a.fits')).status, 0);
      write('run48/a.fits', 'rewritten!!!!');
      write('run48/b.fits', 'b');
      const args = [
        'file',
        'register',
        '--location',
        place.key,
        '--obs-unit',
        'audit-ou',
        '--module',
        'CHAI/LFA',
        'run48',
      ];
      const first = await cli(...args);
      assert.equal(first.status, 3, first.stderr);
      assert.match(first.stderr, /skipped run48\/a\.fits: registered as file/);
      const finished =
        /Execution ([0-9a-f-]{36}) is finished: the skipped file\(s\) need you; once settled, add them with `ccat-ops file register --executed ([0-9a-f]{8}) --module CHAI\/LFA PATH…`\./.exec(
          first.stderr,
        );
      assert.ok(finished, first.stderr);
      const e = finished[1];
      assert.equal(finished[2], e.slice(0, 8));
      assert.equal((await execution(e))[0].open, false);
      // The next observation in the same place: an execution of its own, not this one.
      write('run48/c.fits', 'c');
      const next = await cli(...args, '--json');
      assert.equal(next.status, 3, next.stderr);
      assert.equal(next.json().execution, 'recorded');
      assert.notEqual(next.json().executed, e);
      const byExecution = Object.fromEntries((await executionsOf('run48')).map((x) => [x.e, x.n]));
      assert.deepEqual(byExecution, { [EXECUTED]: 1, [e]: 1, [next.json().executed]: 1 });
    });

    it('with files skipped it stays open to the same command, which adds them once they are there', async () => {
      write('run47/a.fits', 'a');
      const manifest = join(place.root, '..', `run47-${process.pid}.sha256`);
      writeFileSync(manifest, `${sha256('a')}  run47/a.fits\n${sha256('b')}  run47/b.fits\n`);
      const args = [
        'file',
        'register',
        '--location',
        place.key,
        '--obs-unit',
        'audit-ou',
        '--module',
        'CHAI/LFA',
        '--manifest',
        manifest,
      ];
      const first = await cli(...args);
      assert.equal(first.status, 3, first.stderr);
      assert.match(first.stderr, /skipped run47\/b\.fits: not on disk/);
      assert.match(
        first.stderr,
        /Execution [0-9a-f-]{36} stays open to this command: run it again to add the skipped file\(s\) to it\./,
      );
      const [{ e }] = await executionsOf('run47');
      assert.equal((await execution(e))[0].open, true);

      write('run47/b.fits', 'b');
      const dry = await cli(...args, '--dry-run');
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(
        dry.stderr,
        new RegExp(`Would continue execution ${e}, left unfinished by an earlier run of this command\\.`),
      );
      const again = await cli(...args);
      assert.equal(again.status, 0, again.stderr);
      assert.match(
        again.stderr,
        new RegExp(`Continued execution ${e}, left unfinished by an earlier run of this command\\.`),
      );
      assert.deepEqual(await executionsOf('run47'), [{ e, n: 2 }]);
      assert.equal((await execution(e))[0].open, false);
    });
  });

  describe('paths from outside the root (issue #12)', () => {
    // A location whose tree links out in every way the issue found, next to a directory it must never adopt.
    let links: AuditPlace;
    let outside: string;
    const OWNER = ['--executed', EXECUTED, '--module', 'CHAI/LFA'];
    const register = (...args: string[]) => cli('file', 'register', '--location', links.key, ...OWNER, ...args);
    const registerAsync = (...args: string[]) =>
      runCommand(['file', 'register', '--location', links.key, ...OWNER, ...args], { url: db.url });
    const linked = () =>
      db.query<{ path: string }>(
        `select f.relative_path as path from raw_data_file f join physical_copy c on c.raw_data_file_id = f.id
          where c.data_location_id = $1 order by 1`,
        [links.id],
      );

    before(async () => {
      links = await auditPlace(db, 'links');
      outside = mkdtempSync(join(tmpdir(), 'ccat-outside-'));
      writeFileSync(join(outside, 'secret.txt'), 'secret');
      const at = (p: string) => join(links.root, p);
      mkdirSync(at('data/sub'), { recursive: true });
      mkdirSync(at('loops'));
      writeFileSync(at('data/1.dat'), 'one');
      writeFileSync(at('data/sub/2.dat'), 'two');
      symlinkSync('..', at('data/sub/up')); // a loop inside the root
      symlinkSync('data', at('alias'));
      symlinkSync(outside, at('out-dir'));
      symlinkSync(join(outside, 'secret.txt'), at('out-file'));
      symlinkSync('../..', at('loops/up2')); // the root's parent
      writeFileSync(at('..hidden.dat'), 'hidden');
    });

    it('refuses a link to a directory or file outside, a path through loops/up2, an absolute path and a manifest entry through a link (exit 2, nothing written)', async () => {
      const secret = `${basename(outside)}/secret.txt`;
      const manifest = join(outside, 'list.sha256');
      writeFileSync(manifest, `${sha256('one')}  data/1.dat\n${sha256('secret')}  out-dir/secret.txt\n`);
      const cases: [string[], RegExp][] = [
        [
          ['out-dir'],
          /out-dir is not under the location's root .* \(a symbolic link leads to .*ccat-outside-\w+\); nothing was registered/,
        ],
        [['out-file'], /out-file is not under the location's root .* \(a symbolic link leads to .*secret\.txt\)/],
        [
          [`loops/up2/${secret}`],
          /loops\/up2\/.*secret\.txt is not under the location's root .*a symbolic link leads to/,
        ],
        [
          [join(links.root, 'out-dir', 'secret.txt')],
          /out-dir\/secret\.txt is not under the location's root .*a symbolic link leads to/,
        ],
        [
          ['--manifest', manifest],
          /--manifest: out-dir\/secret\.txt is not under the location's root .*a symbolic link leads to/,
        ],
        // Found while walking a directory: the first pass finds it before anything is written.
        [['loops'], /loops\/up2 is not under the location's root .*a symbolic link leads to/],
        [['.'], /is not under the location's root .*a symbolic link leads to/],
      ];
      const results = await Promise.all(cases.map(([args]) => registerAsync(...args)));
      results.forEach((r, i) => {
        assert.equal(r.status, 2, `${cases[i][0].join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, cases[i][1]);
        assert.match(r.stderr, /Try: /);
      });
      assert.deepEqual(await linked(), []);
      assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'secret');
    });

    it('follows links inside the root once: an alias registers nothing twice, a loop ends, ..hidden.dat is an ordinary name', async () => {
      const first = await register('data', '..hidden.dat', '--json');
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.json().created, 3);
      const expected = [{ path: '..hidden.dat' }, { path: 'data/1.dat' }, { path: 'data/sub/2.dat' }];
      assert.deepEqual(await linked(), expected);
      const alias = await register('alias', 'data/sub/up/1.dat', join(links.root, 'alias', 'sub'));
      assert.equal(alias.status, 0, alias.stderr);
      assert.match(alias.stdout, /Nothing to do: 2 file\(s\) at cologne\/links are already registered/);
      assert.deepEqual(await linked(), expected);
    });

    it('does not register a file that grows while it is hashed, and reports it (exit 3)', async () => {
      const growing = join(links.root, 'growing.dat');
      writeFileSync(growing, Buffer.alloc(32 << 20, 'x')); // hashing it takes a while
      // Appended to from this process all along the registration, as a file still being written is.
      const writer = setInterval(() => appendFileSync(growing, 'more'), 1);
      let r;
      try {
        r = await registerAsync('growing.dat', '--json');
      } finally {
        clearInterval(writer);
      }
      assert.equal(r.status, 3, r.stderr);
      assert.deepEqual(r.json().skipped, [
        {
          path: 'growing.dat',
          reason: 'changed while it was being read (still being written?): register it once it is complete',
        },
      ]);
      assert.match(r.stderr, /skipped growing\.dat: changed while it was being read/);
      assert.ok(!(await linked()).some((f) => f.path === 'growing.dat'));
      rmSync(growing);
    });

    it('reports a name that is not valid UTF-8 (bytes escaped) instead of skipping it silently', async () => {
      mkdirSync(join(links.root, 'latin1'));
      writeFileSync(join(links.root, 'latin1', 'ok.dat'), 'ok');
      writeFileSync(
        Buffer.concat([Buffer.from(`${links.root}/latin1/caf`), Buffer.from([0xe9]), Buffer.from('.dat')]),
        'x',
      );
      const r = await register('latin1', '--json');
      assert.equal(r.status, 3, r.stderr);
      assert.equal(r.json().created, 1);
      assert.deepEqual(r.json().skipped, [{ path: 'latin1/caf\\xe9.dat', reason: 'name is not valid UTF-8' }]);
      assert.ok((await linked()).some((f) => f.path === 'latin1/ok.dat'));
    });
  });
});
