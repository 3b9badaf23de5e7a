import sql, { type Sql } from 'sql-template-tag';

/**
 * Order of names and paths by Unicode code point: PostgreSQL's "C" collation over UTF-8 bytes sorts
 * so, which lets the sweep merge a query sorted by path against the tree walk (`path-walk.ts`).
 * JavaScript's `<` compares UTF-16 code units, which puts U+E000–U+FFFF after the characters
 * beyond U+FFFF; code point order does not.
 */

/** Names or whole paths by code point. */
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

/** A UTF-16 code unit's place in code point order: surrogates (U+10000 and up) after U+FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** The SQL sort key of a path expression in code point order of the whole path. */
export function pathKey(path: Sql): Sql {
  return sql`${path} collate "C"`;
}
