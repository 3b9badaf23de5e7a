import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkTree } from '../../src/audit/tree-walk.js';

describe('walkTree', () => {
  const root = mkdtempSync(join(tmpdir(), 'ccat-walk-'));
  const files = ['a-c', 'a/b', 'a/z/1', 'b', 'c/d/e/f'];
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), f);
  }
  symlinkSync(join(root, 'b'), join(root, 'link'));
  const walk = async (after?: string) => {
    const out: string[] = [];
    for await (const p of walkTree(root, after)) out.push(p);
    return out;
  };

  it('yields every regular file depth first in name order, not following links', async () => {
    assert.deepEqual(await walk(), ['a/b', 'a/z/1', 'a-c', 'b', 'c/d/e/f']);
  });

  it('resumes right after any path it yielded, skipping what came before', async () => {
    const all = await walk();
    for (let i = 0; i < all.length; i++) assert.deepEqual(await walk(all[i]), all.slice(i + 1));
  });
});
