import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isUnder, lexicallyInside, locate, openRoot, resolveUnder } from '../../src/files/inside-root.js';

describe('inside-root: whether a path really lies inside a location root', () => {
  // base/root is the location; base/outside holds what links lead to.
  const base = mkdtempSync(join(tmpdir(), 'ccat-inside-'));
  const rootPath = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(rootPath, 'data/sub'), { recursive: true });
  mkdirSync(join(rootPath, 'loops'));
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(rootPath, 'data/sub/1.dat'), 'one');
  writeFileSync(join(rootPath, '..hidden.dat'), 'hidden');
  symlinkSync(outside, join(rootPath, 'out-dir'));
  symlinkSync('../outside/secret.txt', join(rootPath, 'out-file'));
  symlinkSync('../..', join(rootPath, 'loops/up2'));
  symlinkSync('..', join(rootPath, 'loops/up1'));
  symlinkSync('data', join(rootPath, 'alias'));
  // The configured root may itself be a link (a mount point alias): containment is against its real path.
  symlinkSync(rootPath, join(base, 'root-link'));

  it('treats names that merely start with two dots as ordinary names', () => {
    assert.equal(isUnder('/data/root', '/data/root/..hidden.dat'), true);
    assert.equal(isUnder('/data/root', '/data/root'), true);
    assert.equal(isUnder('/data/root', '/data/root2/x'), false);
    assert.equal(isUnder('/data/root', '/data/x'), false);
    assert.equal(lexicallyInside('..hidden.dat'), true);
    assert.equal(lexicallyInside('a/../b'), false);
    assert.equal(lexicallyInside('/etc/passwd'), false);
    assert.equal(lexicallyInside(''), false);
  });

  it('locates recorded paths by their real path: links inside are followed, anything leading out is outside', async () => {
    const root = await openRoot(join(base, 'root-link'));
    const real = (rel: string) => {
      const where = locate(root, rel);
      return 'real' in where ? where.real : where;
    };
    assert.equal(real('data/sub/1.dat'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('alias/sub/1.dat'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('loops/up1/data/sub/1.dat'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('..hidden.dat'), join(root.real, '..hidden.dat'));
    assert.deepEqual(real(`../outside/secret.txt`), { outside: '../outside/secret.txt' });
    assert.deepEqual(real('out-dir/secret.txt'), { outside: join(outside, 'secret.txt') });
    assert.deepEqual(real('out-file'), { outside: join(outside, 'secret.txt') });
    assert.deepEqual(real(`loops/up2/${basename(outside)}/secret.txt`), { outside: join(outside, 'secret.txt') });
    assert.deepEqual(real('data/none.dat'), { error: 'ENOENT' });
    // Doubled and trailing slashes, `.`: as posix.dirname and basename split them.
    assert.equal(real('data//sub/1.dat'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('data/sub//1.dat'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('data/./sub/1.dat'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('data/sub/1.dat/'), join(root.real, 'data/sub/1.dat'));
    assert.equal(real('data/sub/.'), join(root.real, 'data/sub'));
  });

  it('resolves given paths (relative or absolute) to their real path relative to the real root', async () => {
    const root = await openRoot(rootPath);
    assert.deepEqual(await resolveUnder(root, 'alias/sub'), { rel: 'data/sub' });
    assert.deepEqual(await resolveUnder(root, join(base, 'root-link', 'data')), { rel: 'data' });
    assert.deepEqual(await resolveUnder(root, ''), { rel: '' });
    assert.deepEqual(await resolveUnder(root, 'out-dir/secret.txt'), {
      outside: join(outside, 'secret.txt'),
      lexically: false,
    });
    assert.deepEqual(await resolveUnder(root, join(rootPath, 'out-file')), {
      outside: join(outside, 'secret.txt'),
      lexically: false,
    });
    assert.deepEqual(await resolveUnder(root, '/etc/passwd'), { outside: '/etc/passwd', lexically: true });
    assert.deepEqual(await resolveUnder(root, 'data/none'), { error: 'ENOENT', rel: 'data/none' });
  });
});
