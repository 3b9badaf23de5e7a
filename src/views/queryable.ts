import pg from 'pg';
import type { Sql } from 'sql-template-tag';

/**
 * What the on-call views need of a connection: a `pg` client or pool. The views are plain SQL over
 * the driver, not the ORM: they read millions of rows, and the SQL they run is the SQL the benchmarks
 * compare against `psql`.
 */
export type Queryable = Pick<pg.ClientBase, 'query'>;

const INT8 = 20;
const NUMERIC = 1700;

/** Counts, sizes and sums as numbers (exact below 2^53 bytes, 9 PB); anything larger stays text. */
const asNumber = (text: string): number | string => {
  const n = Number(text);
  return Number.isSafeInteger(n) || (!Number.isInteger(n) && Number.isFinite(n)) ? n : text;
};

export const VIEW_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? asNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function rows<R extends pg.QueryResultRow>(db: Queryable, query: Sql): Promise<R[]> {
  return (await db.query<R>({ text: query.text, values: query.values, types: VIEW_TYPES })).rows;
}

export async function one<R extends pg.QueryResultRow>(db: Queryable, query: Sql): Promise<R | undefined> {
  return (await rows<R>(db, query))[0];
}
