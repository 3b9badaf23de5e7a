import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { compareNames, pathKey } from '../../src/audit/path-order.js';
import { walkInPathOrder, type WalkNote } from '../../src/audit/path-walk.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Paths whose order the tree walk, PostgreSQL and the sweep's merge must agree on: characters below
 * `/` (space, `!`, `-`, `.`) beside a directory of the same name (`a-c` before `a/b`), accents,
 * characters beyond U+FFFF and after U+E000 (UTF-16 code units sort these the other way round), a
 * control character, and a name that is a prefix of another.
 */
const NAMES = [
  'a/b',
  'a/z/1',
  'a-c',
  'a c',
  'a!',
  'a.dat',
  'a/b c',
  'ab',
  'b',
  'café/x.dat',
  'cafe/x.dat',
  'caf\u00e9.dat',
  'z/\u{1F600}.dat',
  'z/\uFF01.dat',
  'z/\uE000.dat',
  'z/\u00ff.dat',
  'tab\u0001name',
  'A',
  'Z/1',
  '0',
];

describe('path order: the walk, the database and the merge agree', function () {
  this.timeout(60_000);
  const db = useTestDatabase();

  it('sorts paths in SQL (`pathKey`) as compareNames does, odd characters included', async () => {
    const query = sql`select p from unnest(${NAMES}::text[]) as t(p) order by ${pathKey(sql`p`)}`;
    const fromDb = (await db.query<{ p: string }>(query.text, query.values)).map((r) => r.p);
    assert.deepEqual(fromDb, [...NAMES].sort(compareNames));
    for (const [a, b] of [
      ['a-c', 'a/b'],
      ['a/z/1', 'a0'],
      ['\uFFFF', '\u{10000}'],
      ['a', 'a/b'],
    ]) {
      assert.ok(compareNames(a, b) < 0 && compareNames(b, a) > 0, `${a} before ${b}`);
    }
  });

  it('walks a tree of those names in the same order, and resumes after any path, walked or not', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccat-order-'));
    for (const name of NAMES) {
      mkdirSync(join(root, name, '..'), { recursive: true });
      writeFileSync(join(root, name), name);
    }
    symlinkSync('/etc', join(root, 'a/link'));
    const walk = async (after?: string) => {
      const files: string[] = [];
      const notes: WalkNote[] = [];
      for await (const run of walkInPathOrder(root, after, (n) => notes.push(n))) files.push(...run);
      return { files, notes };
    };
    const all = await walk();
    assert.deepEqual(all.files, [...NAMES].sort(compareNames));
    assert.deepEqual(all.notes, [{ path: 'a/link', key: 'a/link', link: true }]);
    const points = [...all.files, 'a', 'a/', 'a/b ', 'a/m', 'café', 'z/\uE000', '', '~'];
    for (const point of points) {
      assert.deepEqual(
        (await walk(point)).files,
        all.files.filter((f) => compareNames(f, point) > 0),
        `after '${point}'`,
      );
    }
  });
});
