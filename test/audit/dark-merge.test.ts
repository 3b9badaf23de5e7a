import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DarkMerge, type MergedStretch } from '../../src/audit/dark-merge.js';
import { compareNames } from '../../src/audit/path-order.js';
import { NOT_UTF8 } from '../../src/audit/tree-walk.js';
import { escapeCopy } from '../../src/views/copy-text.js';

/**
 * The dark walk merged against the copies on its own thread: what the sweep records of it (the
 * files no copy accounts for, the notes, the stretches and the key each reaches) must be what a
 * merge on the main thread found — also across a resume, and for paths COPY escapes.
 */
describe('DarkMerge: the dark walk and its merge on a thread of their own', function () {
  this.timeout(60_000);
  const root = mkdtempSync(join(tmpdir(), 'ccat-merge-'));
  // On disk: files with copies, dark ones (also in a directory of their own and beside a
  // directory of the same name), a link, a name that is not UTF-8, the location's marker.
  const onDisk = [
    'a/b.dat',
    'a/dark.dat',
    'a-c.dat',
    'b/tab\there.dat',
    'b/back\\slash.dat',
    'c/d/deep.dat',
    'c/zz/dark2.dat',
    'caf\u00e9.dat',
    'z/\u{1F600}.dat',
    'z/\uFF01.dat',
    '.marker',
  ];
  for (const path of onDisk) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), path);
  }
  symlinkSync('/etc', join(root, 'a/link'));
  writeFileSync(Buffer.concat([Buffer.from(`${root}/c/odd`), Buffer.from([0xe9]), Buffer.from('.dat')]), 'x');
  // Copies in path order: two of one path, one whose file is gone (it sorts among the others).
  const copyPaths = [
    'a/b.dat',
    'a/b.dat',
    'a-c.dat',
    'b/back\\slash.dat',
    'b/gone.dat',
    'b/tab\there.dat',
    'c/d/deep.dat',
    'caf\u00e9.dat',
    'z/\u{1F600}.dat',
    'z/\uFF01.dat',
  ].sort(compareNames);
  const rows = copyPaths.map((path, i) => `${i + 1}\t${escapeCopy(path)}\t1\tt\n`);

  /** Runs a merge over the copies after `after`, given `perText` rows at a time. */
  const merged = async (opts: { after?: string; stretch: number; perText: number; copies?: string[] }) => {
    const copies =
      opts.copies ?? rows.filter((_, i) => opts.after === undefined || compareNames(copyPaths[i], opts.after) > 0);
    const merge = new DarkMerge({ root, after: opts.after, stretch: opts.stretch, marker: '.marker' });
    const stretches: MergedStretch[] = [];
    let given = 0;
    try {
      for (;;) {
        const out = await merge.next();
        if (out === 'more') {
          merge.give(given < copies.length ? copies.slice(given, (given += opts.perText)).join('') : null);
          continue;
        }
        stretches.push(out);
        if (out.complete) return stretches;
      }
    } finally {
      await merge.close();
    }
  };

  it('finds the files no copy accounts for, the links and the names it cannot read, each once, in any stretches', async () => {
    for (const stretch of [1, 2, 3, 1000]) {
      for (const perText of [1, 4, 100]) {
        const stretches = await merged({ stretch, perText });
        assert.equal(stretches.filter((s) => s.complete).length, 1);
        assert.equal(
          stretches.reduce((n, s) => n + s.copies, 0),
          copyPaths.length,
          'every copy in one stretch',
        );
        assert.deepEqual(
          stretches.flatMap((s) => s.unaccounted),
          ['a/dark.dat', 'c/zz/dark2.dat'],
        );
        const notes = stretches.flatMap((s) => s.notes);
        assert.deepEqual(
          notes.map((n) => [n.path, n.link ?? n.code]),
          [
            ['a/link', true],
            ['c/odd\\xe9.dat', NOT_UTF8],
          ],
        );
        // Keys never fall (a stretch of only the walked file a copy before it accounted for ends
        // where that one did), and no stretch ends between the two copies of a/b.dat.
        const lasts = stretches.map((s) => s.last!);
        assert.deepEqual(lasts, [...lasts].sort(compareNames));
        const first = copyPaths.indexOf('a/b.dat');
        let copies = 0;
        for (const s of stretches) assert.notEqual((copies += s.copies), first + 1, 'cut between two copies of a path');
        assert.equal(lasts.at(-1), 'z/\u{1F600}.dat', 'beyond U+FFFF after U+FF01');
        if (stretch === 1) assert.ok(stretches.length > copyPaths.length, `${stretches.length} stretches`);
      }
    }
  });

  it('resumes after the key a stretch reached: the rest of the dark files, none twice', async () => {
    for (const after of ['a/b.dat', 'a/dark.dat', 'b/gone.dat', 'c/d', 'c/zz/dark2.dat', 'z/\uFF01.dat']) {
      const stretches = await merged({ after, stretch: 2, perText: 3 });
      assert.deepEqual(
        stretches.flatMap((s) => s.unaccounted),
        ['a/dark.dat', 'c/zz/dark2.dat'].filter((p) => compareNames(p, after) > 0),
        `after ${after}`,
      );
      assert.equal(
        stretches.reduce((n, s) => n + s.copies, 0),
        copyPaths.filter((p) => compareNames(p, after) > 0).length,
      );
    }
  });

  it('fails when the copies do not come in path order', async () => {
    const swapped = [rows[3], rows[0], ...rows.slice(4)];
    await assert.rejects(merged({ stretch: 1000, perText: 2, copies: swapped }), /sorted the copies unlike the sweep/);
  });
});
