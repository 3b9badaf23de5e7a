import assert from 'node:assert/strict';
import { itemNotices } from '../../src/output/item-notices.js';

describe('itemNotices: skipped or kept items, one line each or one line per reason', () => {
  const skipped = (n: number, reason: string, from = 1) =>
    Array.from({ length: n }, (_, i) => ({ id: from + i, reason, detail: `copy ${from + i} is now ${reason}` }));
  const opts = {
    reason: (s: { reason: string }) => s.reason,
    line: (s: { id: number; detail: string }) => `Skipped copy ${s.id}: ${s.detail}.`,
    example: (s: { id: number; detail: string }) => `copy ${s.id}: ${s.detail}`,
    summary: (reason: string, n: number) => `Skipped ${n} ${n === 1 ? 'copy' : 'copies'} (${reason})`,
  };

  it('lists up to ten items one line each', () => {
    assert.deepEqual(itemNotices(skipped(2, 'deleted'), opts), [
      'Skipped copy 1: copy 1 is now deleted.',
      'Skipped copy 2: copy 2 is now deleted.',
    ]);
    assert.equal(itemNotices(skipped(10, 'deleted'), opts).length, 10);
  });

  it('summarises more: per reason, the count and the first three; --verbose lists each', () => {
    const many = [...skipped(495, 'needed_by_staging'), ...skipped(2, 'locked', 1000)];
    assert.deepEqual(itemNotices(many, opts), [
      'Skipped 495 copies (needed_by_staging): copy 1: copy 1 is now needed_by_staging; copy 2: copy 2 is now needed_by_staging; copy 3: copy 3 is now needed_by_staging; … (--verbose lists all 495)',
      'Skipped 2 copies (locked): copy 1000: copy 1000 is now locked; copy 1001: copy 1001 is now locked',
    ]);
    assert.equal(itemNotices(many, { ...opts, verbose: true }).length, 497);
  });
});
