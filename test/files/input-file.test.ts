import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputLines, readInputFile } from '../../src/files/input-file.js';

describe('input files read with bounds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-input-file-'));

  it('reads lines across chunk boundaries, the last one without a newline, in UTF-8', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${'é'.repeat(i % 50)}${i}`);
    const file = join(dir, 'lines.txt');
    writeFileSync(file, lines.join('\n'));
    assert.deepEqual([...inputLines(file, '--x', { maxBytes: 1e9, maxLineBytes: 1000 })], lines);
  });

  it('stops at the first line or byte over the bound, naming the line', () => {
    const file = join(dir, 'long.txt');
    writeFileSync(file, `ok\n${'x'.repeat(200_000)}\nnever\n`);
    const seen: string[] = [];
    assert.throws(() => {
      for (const line of inputLines(file, '--x', { maxBytes: 1e9, maxLineBytes: 1000 })) seen.push(line);
    }, /--x: .*long\.txt:2 is longer than 1 kB/);
    assert.deepEqual(seen, ['ok']);
    assert.throws(
      () => [...inputLines(file, '--x', { maxBytes: 100_000, maxLineBytes: 1e6 })],
      /larger than 100 kB, the most it reads/,
    );
    assert.throws(() => readInputFile(file, '--x', 1000), /--x: .*long\.txt is larger than 1 kB/);
    assert.equal(readInputFile(file, '--x', 1e6).length, 200_010);
  });
});
