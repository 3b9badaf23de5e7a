import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles, type CheckTask } from '../../src/audit/file-worker.js';
import { escapeCopy, unescapeCopy } from '../../src/views/copy-text.js';

describe('checkFiles: a sweep’s rows of copies (COPY text) judged on a stat thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccat-check-'));
  const root = { path: dir, real: realpathSync(dir) };
  const odd = 'd/tab\there\\back\nline.dat';
  const files: Record<string, string> = {
    'd/ok.dat': 'ok',
    'd/café.dat': 'accent',
    'd/grown.dat': 'longer than recorded',
    [odd]: 'odd',
    'held.dat': 'held',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(join(dir, 'a-dir'));
  symlinkSync('/etc/hostname', join(dir, 'd/out'));
  /** A row as the sweep's query sends it: id, path, size, live. */
  const row = (id: number, path: string, size: number | null, live = true) =>
    `${id}\t${escapeCopy(path)}\t${size ?? '\\N'}\t${live ? 't' : 'f'}\n`;
  const rows = [
    row(1, 'd/ok.dat', 2),
    row(2, 'd/café.dat', null),
    row(3, 'd/grown.dat', 5),
    row(4, 'd/lost.dat', 1),
    row(5, odd, 3),
    row(6, 'held.dat', 999, false),
    row(7, 'a-dir', 0),
    row(8, 'd/out', 1),
  ].join('');
  const task = (over: Partial<CheckTask> = {}): CheckTask => ({
    root,
    mode: 'size',
    rows,
    byId: true,
    passed: false,
    ...over,
  });

  it('counts the live copies that pass and the bytes found, and answers only with the others', () => {
    const r = checkFiles(task());
    assert.deepEqual([r.checked, r.ok, r.bytes], [7, 3, 2 + 6 + 20 + 3]);
    assert.deepEqual(
      r.problems.map((p) => [p.copy.id, p.copy.path, p.outcome]),
      [
        ['3', 'd/grown.dat', 'size_mismatch'],
        ['4', 'd/lost.dat', 'missing'],
        ['7', 'a-dir', 'unreadable'],
        ['8', 'd/out', 'outside_root'],
      ],
    );
    assert.deepEqual([r.problems[0].expected, r.problems[0].actual], ['5', '20']);
    assert.deepEqual(r.passed, []);
  });

  it('in exists mode a size that differs passes; the ids that passed come back when asked', () => {
    const r = checkFiles(task({ mode: 'exists', passed: true }));
    assert.deepEqual([r.checked, r.ok], [7, 4]);
    assert.deepEqual(r.passed, ['1', '2', '3', '5']);
  });

  it('fails when the ids do not rise (rows by id), and not in path order', () => {
    const swapped = row(2, 'd/café.dat', null) + row(1, 'd/ok.dat', 2);
    assert.throws(() => checkFiles(task({ rows: swapped })), /sorted the copies unlike the sweep/);
    assert.equal(checkFiles(task({ rows: swapped, byId: false })).ok, 2);
  });

  it('reads a last row that comes without its newline (and does not loop on it)', () => {
    const r = checkFiles(task({ rows: row(1, 'd/ok.dat', 2) + row(3, 'd/grown.dat', 5).slice(0, -1) }));
    assert.deepEqual([r.checked, r.ok], [2, 1]);
    assert.deepEqual(
      r.problems.map((p) => p.copy.id),
      ['3'],
    );
  });

  it('escapeCopy writes a path as COPY does, and unescapeCopy reads it back', () => {
    for (const path of [odd, 'plain', 'a\\b', '\t\n\r\\', 'é😀']) {
      assert.doesNotMatch(escapeCopy(path), /[\t\n\r]/);
      assert.equal(unescapeCopy(escapeCopy(path)), path);
    }
  });
});
