import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import sql, { raw, type Sql } from 'sql-template-tag';
import type { Queryable } from './queryable.js';

// The driver's own rendering of a parameter as text: a literal in its place means what the parameter meant.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };

/**
 * How one column's COPY text becomes what the driver's value prints as: `json` the text
 * `JSON.stringify` gives for it, `csv` the cell `cellText` gives for it (before CSV quoting).
 */
interface Render {
  json: (text: string) => string;
  csv: (text: string) => string;
}

const TEXT_OIDS = new Set([18, 19, 25, 650, 869, 1042, 1043, 2950]); // char, name, text, cidr, inet, bpchar, varchar, uuid
const PLAIN_OIDS = new Set([21, 23, 26]); // int2, int4, oid: the text is the number
const INT8 = 20;
const NUMERIC = 1700;
const FLOATS = new Set([700, 701]);
const BOOL = 16;
const TIMESTAMPTZ = 1184;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** COPY's text format escapes backslash and the control characters that would break a row. */
export function unescapeCopy(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c) : text;
}

const INTEGER = /^-?[1-9]\d*$|^0$/;
/** int8 and numeric as VIEW_TYPES parses them: a JS number when exact, else the text. */
function exactNumber(t: string): number | string {
  const n = Number(t);
  return Number.isSafeInteger(n) || (!Number.isInteger(n) && Number.isFinite(n)) ? n : t;
}
/** A safe integer's text is already how the number prints (the common case: sizes, counts, ids). */
const safeIntegerText = (t: string) => t.length <= 15 && INTEGER.test(t);

/**
 * A timestamptz in UTC and ISO DateStyle (`2026-12-07 06:27:35.572+00`), as the driver's `Date`
 * prints it (`toISOString`): `2026-12-07T06:27:35.572Z`, milliseconds cut, not rounded.
 */
function isoTime(t: string): string | null {
  const n = t.length;
  if (n < 22 || n > 29 || t.charCodeAt(10) !== 32 || !t.endsWith('+00') || t.charCodeAt(4) !== 45) {
    // Years past 9999, BC, infinity: as the driver parses them.
    const parsed = pg.types.getTypeParser(TIMESTAMPTZ)(t) as Date | number;
    return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : null;
  }
  const ms = n === 22 ? '000' : `${t.slice(20, n - 3)}00`.slice(0, 3);
  return `${t.slice(0, 10)}T${t.slice(11, 19)}.${ms}Z`;
}

const RENDERS = {
  text: { json: (t) => JSON.stringify(unescapeCopy(t)), csv: unescapeCopy },
  plain: { json: (t) => t, csv: (t) => t },
  bool: { json: (t) => (t === 't' ? 'true' : 'false'), csv: (t) => (t === 't' ? 'true' : 'false') },
  float: { json: (t) => JSON.stringify(Number.parseFloat(t)), csv: (t) => String(Number.parseFloat(t)) },
  exactNumber: {
    json: (t) => (safeIntegerText(t) ? t : JSON.stringify(exactNumber(t))),
    csv: (t) => (safeIntegerText(t) ? t : String(exactNumber(t))),
  },
  timestamp: {
    json: (t) => {
      const iso = isoTime(t);
      return iso === null ? 'null' : `"${iso}"`;
    },
    csv: (t) => isoTime(t) ?? '',
  },
} satisfies Record<string, Render>;

function renderer(field: pg.FieldDef, enums: ReadonlySet<number>): Render | undefined {
  const oid = field.dataTypeID;
  if (TEXT_OIDS.has(oid) || enums.has(oid)) return RENDERS.text;
  if (PLAIN_OIDS.has(oid)) return RENDERS.plain;
  if (oid === INT8 || oid === NUMERIC) return RENDERS.exactNumber;
  if (FLOATS.has(oid)) return RENDERS.float;
  if (oid === BOOL) return RENDERS.bool;
  if (oid === TIMESTAMPTZ) return RENDERS.timestamp;
  return undefined; // json, arrays, dates without a zone, intervals: left to the driver
}

/** The statement with its parameters written in as the literals the driver would have sent. */
export function inlineParameters(query: { text: string; values: unknown[] }): string {
  return query.text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = prepareValue(query.values[Number(n) - 1]);
    return value === null || value === undefined ? 'null' : pg.escapeLiteral(String(value));
  });
}

/** Rows rewritten as text (lines of JSON, or CSV records), each ending in a newline. */
export interface TextChunk {
  text: string;
  rows: number;
}

/** A query read with COPY and rewritten chunk by chunk. */
export interface CopyStream {
  chunks(): AsyncGenerator<TextChunk>;
}

/** The query's columns and how each is rendered; undefined when one has no exact rendering here. */
async function describe(client: Queryable, query: Sql): Promise<{ names: string[]; renders: Render[] } | undefined> {
  const described = await client.query(sql`select * from (${query}) q limit 0`);
  const userTypes = described.fields.map((f) => f.dataTypeID).filter((oid) => oid >= 16384);
  const enums = new Set<number>();
  if (userTypes.length) {
    const found = await client.query<{ oid: number }>(
      `select oid::int as oid from pg_type where oid = any($1) and typtype = 'e'`,
      [userTypes],
    );
    for (const r of found.rows) enums.add(r.oid);
  }
  const renders: Render[] = [];
  for (const field of described.fields) {
    const render = renderer(field, enums);
    if (!render) return undefined;
    renders.push(render);
  }
  return { names: described.fields.map((f) => f.name), renders };
}

/**
 * A query's rows as lines of JSON, each the text `JSON.stringify` makes of the row the driver would
 * have parsed (keys in column order), read with COPY: the server sends plain text, as it does to
 * `psql \copy`, and each line is rewritten here without building an object per row. Undefined when a
 * column's type has no exact rendering here (json, arrays, …): stream rows through the driver then.
 */
export async function jsonLines(client: Queryable, query: Sql): Promise<CopyStream | undefined> {
  const columns = await describe(client, query);
  if (!columns) return undefined;
  const keys = columns.names.map((name, i) => `${i === 0 ? '{' : ','}${JSON.stringify(name)}:`);
  const renders = columns.renders.map((r) => r.json);
  return copyStream(client, `copy (${inlineParameters(query)}) to stdout`, (cells, parts) => {
    for (let i = 0; i < renders.length; i++) {
      const cell = cells[i];
      parts.push(keys[i], cell === '\\N' ? 'null' : renders[i](cell));
    }
    parts.push('}\n');
  });
}

const CSV_QUOTE = /[",\n\r]/;
/** A CSV cell as csv-stringify writes it by default: quoted when it holds a quote, comma or line break. */
const csvCell = (value: string): string => (CSV_QUOTE.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * The named columns of a query's rows as CSV records with a header, the text csv-stringify makes of
 * `cellText` of each value the driver would have parsed; read with COPY as `jsonLines` is.
 * Undefined when a column's type has no exact rendering here.
 */
export async function csvRecords(client: Queryable, query: Sql, names: string[]): Promise<CopyStream | undefined> {
  const picked = sql`select ${raw(names.map((n) => `q.${pg.escapeIdentifier(n)}`).join(', '))} from (${query}) q`;
  const columns = await describe(client, picked);
  if (!columns) return undefined;
  const renders = columns.renders.map((r) => r.csv);
  const header = `${names.map(csvCell).join(',')}\n`;
  const copy = copyStream(client, `copy (${inlineParameters(picked)}) to stdout`, (cells, parts) => {
    for (let i = 0; i < renders.length; i++) {
      const cell = cells[i];
      if (i > 0) parts.push(',');
      if (cell !== '\\N') parts.push(csvCell(renders[i](cell)));
    }
    parts.push('\n');
  });
  return {
    async *chunks() {
      yield { text: header, rows: 0 };
      yield* copy.chunks();
    },
  };
}

/** Reads `copy … to stdout` and rewrites its rows, many at a time into one flat string (a string per row and field would keep the GC busy). */
function copyStream(client: Queryable, copy: string, rewrite: (cells: string[], parts: string[]) => void): CopyStream {
  return {
    async *chunks() {
      // COPY's text follows the session's time zone and DateStyle: pinned for this statement only.
      await client.query(`begin read only`);
      let stream: Readable | undefined;
      let done = false;
      try {
        await client.query(`set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'`);
        stream = client.query(copyTo(copy, { highWaterMark: 1 << 20 })) as unknown as Readable;
        const decoder = new StringDecoder('utf8');
        let rest = '';
        for await (const data of stream as AsyncIterable<Buffer>) {
          const rows = (rest + decoder.write(data)).split('\n');
          rest = rows.pop()!;
          if (rows.length === 0) continue;
          const parts: string[] = [];
          for (const row of rows) rewrite(row.split('\t'), parts);
          yield { text: parts.join(''), rows: rows.length };
        }
        await client.query('commit');
        done = true;
      } finally {
        if (!done) {
          stream?.destroy();
          await client.query('rollback').catch(() => undefined);
        }
      }
    },
  };
}

/**
 * A query's rows as COPY sends them, as text a network chunk at a time: whole lines (each row's
 * cells tab-separated, `\\N` for null, text cells still escaped: see `unescapeCopy`), for reading
 * millions of rows without the driver's object per row. `settings` are `set local` statements for
 * this query only; `highWaterMark`: bytes read ahead of the caller at most (the rest waits on the
 * server).
 */
export async function* copyText(
  client: Queryable,
  query: Sql,
  settings: string[] = [],
  highWaterMark = 1 << 16,
): AsyncGenerator<string> {
  await client.query(`begin read only`);
  let stream: Readable | undefined;
  let done = false;
  try {
    for (const setting of settings) await client.query(`set local ${setting}`);
    stream = client.query(
      copyTo(`copy (${inlineParameters(query)}) to stdout`, { highWaterMark }),
    ) as unknown as Readable;
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for await (const data of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(data);
      const end = text.lastIndexOf('\n') + 1;
      rest = text.slice(end);
      if (end > 0) yield text.slice(0, end);
    }
    await client.query('commit');
    done = true;
  } finally {
    if (!done) {
      stream?.destroy();
      await client.query('rollback').catch(() => undefined);
    }
  }
}
