import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDatabase } from '../../../src/seed/seed-database.js';
import { auditPlace, placeFiles, type AuditPlace, type PlacedFile } from '../../helpers/audit-fixture.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops audit copies --mode exists|size: one sweep of the copies, the dark walk merged in', function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const audit = (place: AuditPlace, ...args: string[]) =>
    cli('audit', 'copies', '--location', place.key, ...args, '--json');
  const file = (path: string, content = path): PlacedFile => ({ path, content: Buffer.from(content) });
  const old = new Date(Date.now() - 3 * 86_400_000);

  /**
   * A location whose tree and copies disagree in every way a sweep must see: odd names on both
   * sides, a lost copy, a grown file, dark files (one young), a copy that is not live but still
   * holds its path, a copy reached through a link inside the root.
   */
  const messyPlace = async (name: string) => {
    const place = await auditPlace(db, name);
    const names = [
      'd/ok.dat',
      'd/café ü.dat',
      'd/\u{1F600}.dat',
      'd/\uFF01.dat',
      'd-e/x.dat',
      'd/sub/deep.dat',
      'e f/x.dat',
      'z.dat',
      'real/linked.dat',
    ];
    const copy = await placeFiles(db, place, [
      ...names.map((n) => file(n)),
      file('d/grown.dat', 'short'),
      file('d/lost.dat'),
      file('held.dat'),
      { ...file('inlink/linked2.dat'), onlyInDb: true },
    ]);
    writeFileSync(join(place.root, 'd/grown.dat'), 'much longer now');
    rmSync(join(place.root, 'd/lost.dat'));
    writeFileSync(join(place.root, 'real/linked2.dat'), 'inlink/linked2.dat');
    symlinkSync('real', join(place.root, 'inlink'));
    // Dark: an old stray file (between copies' paths), one in a directory of its own, one too young.
    for (const stray of ['d/stray.dat', 'd-e/zz/stray2.dat', 'young.dat']) {
      mkdirSync(join(place.root, stray, '..'), { recursive: true });
      writeFileSync(join(place.root, stray), 'nobody');
      if (stray !== 'young.dat') utimesSync(join(place.root, stray), old, old);
    }
    // Not live, not deleted: not checked, but its file is not dark either.
    await db.query(`update physical_copy set status = 'deletion_possible' where id = $1`, [copy['held.dat']]);
    utimesSync(join(place.root, 'held.dat'), old, old);
    return { place, copy, live: names.length + 3 };
  };

  const openFindings = async (place: AuditPlace) =>
    (
      await db.query<{ kind: string; path: string; n: number }>(
        `select kind, relative_path as path, count(*)::int as n from audit_finding
          where data_location_id = $1 and resolved_at is null group by kind, relative_path order by kind, relative_path`,
        [place.id],
      )
    ).map((f) => `${f.kind} ${f.path}${f.n > 1 ? ` ×${f.n}` : ''}`);

  before(async () => {
    await seedDatabase((await db.em()) as never);
  });

  it('--mode size --dark: missing, size mismatch and dark files come out of one pass; odd names and links as in any audit', async () => {
    const { place, live } = await messyPlace('sweep');
    const r = await audit(place, '--mode', 'size', '--dark');
    assert.equal(r.status, 3, r.stderr);
    const s = r.json();
    assert.equal(s.status, 'completed');
    assert.equal(s.checked, live);
    assert.deepEqual(
      [s.ok, s.findings.missing, s.findings.size_mismatch, s.findings.dark, s.findings.unreadable],
      [live - 2, 1, 1, 2, 0],
    );
    assert.deepEqual(await openFindings(place), [
      'dark d-e/zz/stray2.dat',
      'dark d/stray.dat',
      'missing d/lost.dat',
      'size_mismatch d/grown.dat',
    ]);
    // Without --dark the copies come by id: the same checks, no walk.
    const plain = await audit(place, '--mode', 'exists');
    assert.equal(plain.status, 3, plain.stderr);
    assert.deepEqual(
      [plain.json().checked, plain.json().ok, plain.json().findings.missing, plain.json().findings.dark],
      [live, live - 1, 1, 0],
    );
  });

  it('paths that COPY escapes (a tab, a backslash, a line break) are checked as they are named, by id and in path order', async () => {
    const place = await auditPlace(db, 'escaped');
    const names = ['e/tab\there.dat', 'e/back\\slash.dat', 'e/line\nbreak.dat', 'e/plain.dat'];
    await placeFiles(db, place, [...names.map((n) => file(n)), file('e/gone\\.dat'), file('e/grown\t.dat', 'short')]);
    rmSync(join(place.root, 'e/gone\\.dat'));
    writeFileSync(join(place.root, 'e/grown\t.dat'), 'much longer now');
    for (const dark of [false, true]) {
      const r = await audit(place, '--mode', 'size', ...(dark ? ['--dark'] : []));
      assert.equal(r.status, 3, r.stderr);
      const s = r.json();
      assert.deepEqual(
        [s.checked, s.ok, s.findings.missing, s.findings.size_mismatch, s.findings.dark],
        [names.length + 2, names.length, 1, 1, 0],
      );
    }
    assert.deepEqual(await openFindings(place), ['missing e/gone\\.dat', 'size_mismatch e/grown\t.dat']);
  });

  for (const [mode, dark] of [
    ['size', true],
    ['exists', false],
  ] as const) {
    it(`--mode ${mode}${dark ? ' --dark' : ''} paused by --budget stretch after stretch resumes where it stopped: every copy checked once, every finding once`, async () => {
      const { place, live } = await messyPlace(`resumed-${mode}`);
      const args = ['--mode', mode, ...(dark ? ['--dark'] : []), '--batch-size', '3'];
      const first = await audit(place, ...args, '--budget', '1ms');
      assert.equal(first.status, 0, first.stderr);
      assert.deepEqual([first.json().status, first.json().stopped], ['running', 'budget']);
      const run = first.json().run;
      let last = first.json();
      let pauses = 1;
      while (last.status === 'running' && pauses < 40) {
        const next = await audit(place, ...args, '--budget', '1ms');
        assert.ok([0, 3].includes(next.status), next.stderr);
        last = next.json();
        assert.deepEqual([last.run, last.resumed], [run, true]);
        pauses += 1;
      }
      assert.equal(last.status, 'completed');
      assert.ok(pauses > 2, `paused ${pauses} times`);
      assert.equal(last.checked, live, 'every live copy counted exactly once');
      assert.deepEqual(
        [last.ok, last.findings.missing, last.findings.size_mismatch, last.findings.dark],
        mode === 'size' ? [live - 2, 1, 1, 2] : [live - 1, 1, 0, 0],
      );
      assert.deepEqual(
        await openFindings(place),
        mode === 'size'
          ? ['dark d-e/zz/stray2.dat', 'dark d/stray.dat', 'missing d/lost.dat', 'size_mismatch d/grown.dat']
          : ['missing d/lost.dat'],
      );
      const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from audit_batch where run_id = $1`, [
        run,
      ]);
      assert.equal(n, 0);
    });
  }
});
