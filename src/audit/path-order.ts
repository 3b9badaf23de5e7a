import sql, { type Sql } from 'sql-template-tag';

/**
 * The one order of paths that the tree walk, the database and the sweep's merge share: segment by
 * segment (`a/b` before `a-c`: a directory's files come before its next sibling, as a depth-first
 * walk meets them), each segment by Unicode code point — which is PostgreSQL's "C" collation over
 * UTF-8 bytes. JavaScript's `<` compares UTF-16 code units, which puts U+E000–U+FFFF after the
 * characters beyond U+FFFF; code point order does not.
 */

/** Names (or segments) by code point. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * Whole paths: lexicographic with `/` below every other character, which is segment by segment
 * (a segment that is a prefix of another sorts first, as `string_to_array` compares in SQL).
 */
export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === SLASH) return -1;
    if (y === SLASH) return 1;
    return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const SLASH = 0x2f;

/** A UTF-16 code unit's place in code point order: surrogates (U+10000 and up) after U+FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** The SQL sort key of a path expression in the same order. */
export function pathKey(path: Sql): Sql {
  return sql`string_to_array(${path}, '/') collate "C"`;
}
