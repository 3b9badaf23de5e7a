import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { comparePaths } from '../../src/audit/path-order.js';
import { pathKey } from '../../src/audit/path-order.js';
import { walkTree } from '../../src/audit/tree-walk.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Paths whose order the tree walk, PostgreSQL and the sweep's merge must agree on: a directory's
 * files before its next sibling (`a/b` before `a-c`), characters below `/` (space, `!`, `-`, `.`),
 * accents, characters beyond U+FFFF and after U+E000 (UTF-16 code units sort these the other way
 * round), a control character, and a name that is a prefix of another.
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

  it('sorts paths in SQL (`pathKey`) as comparePaths does, odd characters included', async () => {
    const query = sql`select p from unnest(${NAMES}::text[]) as t(p) order by ${pathKey(sql`p`)}`;
    const fromDb = (await db.query<{ p: string }>(query.text, query.values)).map((r) => r.p);
    assert.deepEqual(fromDb, [...NAMES].sort(comparePaths));
    for (const [a, b] of [
      ['a/b', 'a-c'],
      ['a/z/1', 'a-c'],
      ['\uFFFF', '\u{10000}'],
      ['a', 'a/b'],
      ['a//b', 'a/b'],
    ]) {
      assert.ok(comparePaths(a, b) < 0 && comparePaths(b, a) > 0, `${a} before ${b}`);
    }
  });

  it('walks a tree of those names in the same order', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccat-order-'));
    for (const name of NAMES) {
      mkdirSync(join(root, name, '..'), { recursive: true });
      writeFileSync(join(root, name), name);
    }
    const walked: string[] = [];
    for await (const path of walkTree(root)) walked.push(path);
    assert.deepEqual(walked, [...NAMES].sort(comparePaths));
    // Resumed after any of them, it yields exactly the rest.
    for (let i = 0; i < walked.length; i++) {
      const rest: string[] = [];
      for await (const path of walkTree(root, walked[i])) rest.push(path);
      assert.deepEqual(rest, walked.slice(i + 1));
    }
  });
});
