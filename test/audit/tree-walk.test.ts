import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOT_UTF8, walkTree } from '../../src/audit/tree-walk.js';

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

  it('reports names that are not valid UTF-8 (bytes escaped) and links, never skipping them silently', async () => {
    const odd = mkdtempSync(join(tmpdir(), 'ccat-walk-odd-'));
    mkdirSync(join(odd, 'd'));
    writeFileSync(join(odd, 'd', 'ü.dat'), 'fine');
    // Latin-1 names as an old tool writes them: 0xe9 alone is not UTF-8.
    writeFileSync(Buffer.concat([Buffer.from(`${odd}/d/caf`), Buffer.from([0xe9]), Buffer.from('.dat')]), 'x');
    mkdirSync(Buffer.concat([Buffer.from(`${odd}/bad`), Buffer.from([0xff])]));
    symlinkSync('/etc', join(odd, 'd', 'out'));
    const errors: string[] = [];
    const links: string[] = [];
    const out: string[] = [];
    for await (const p of walkTree(
      odd,
      undefined,
      (path, code) => errors.push(`${path}: ${code}`),
      (path) => links.push(path),
    )) {
      out.push(p);
    }
    assert.deepEqual(out, ['d/ü.dat']);
    assert.deepEqual(errors.sort(), [`bad\\xff: ${NOT_UTF8}`, `d/caf\\xe9.dat: ${NOT_UTF8}`]);
    assert.deepEqual(links, ['d/out']);
  });
});
