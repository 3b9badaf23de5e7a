import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { to as copyTo } from 'pg-copy-streams';
import sql, { raw, type Sql } from 'sql-template-tag';
import { unescapeCopy } from './copy-text.js';
import type { Queryable } from './queryable.js';

// The driver's own rendering of a parameter as text: a literal in its place means what the parameter meant.
const { prepareValue } = pgUtils;

/**
 * How one column's COPY text becomes what the driver's value prints as: `json` the text
 * `JSON.stringify` gives for it, `csv` the cell `cellText` gives for it (before CSV quoting).
 */
interface Render {
  json: (text: string) => string;
  csv: (text: string) => string;
  /** What `jsonLines` does with the cell's bytes when it can write them as they are (see `JsonLineWriter`). */
  kind: 'text' | 'plain' | 'bool' | 'float' | 'exactNumber' | 'timestamp';
}

const TEXT_OIDS = new Set([18, 19, 25, 650, 869, 1042, 1043, 2950]); // char, name, text, cidr, inet, bpchar, varchar, uuid
const PLAIN_OIDS = new Set([21, 23, 26]); // int2, int4, oid: the text is the number
const INT8 = 20;
const NUMERIC = 1700;
const FLOATS = new Set([700, 701]);
const BOOL = 16;
const TIMESTAMPTZ = 1184;

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
  text: { kind: 'text', json: (t) => JSON.stringify(unescapeCopy(t)), csv: unescapeCopy },
  plain: { kind: 'plain', json: (t) => t, csv: (t) => t },
  bool: { kind: 'bool', json: (t) => (t === 't' ? 'true' : 'false'), csv: (t) => (t === 't' ? 'true' : 'false') },
  float: {
    kind: 'float',
    json: (t) => JSON.stringify(Number.parseFloat(t)),
    csv: (t) => String(Number.parseFloat(t)),
  },
  exactNumber: {
    kind: 'exactNumber',
    json: (t) => (safeIntegerText(t) ? t : JSON.stringify(exactNumber(t))),
    csv: (t) => (safeIntegerText(t) ? t : String(exactNumber(t))),
  },
  timestamp: {
    kind: 'timestamp',
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
  /** UTF-8 bytes, or a string. */
  text: string | Buffer;
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
  const keys = columns.names.map((name, i) => Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`));
  const copy = `copy (${inlineParameters(query)}) to stdout`;
  return {
    async *chunks() {
      yield* rewriteCopy(client, copy, new CopyLineWriter('json', columns.renders, keys));
    },
  };
}

/** The COPY's bytes as the writer's lines, a chunk of complete rows at a time. */
async function* rewriteCopy(client: Queryable, copy: string, lines: CopyLineWriter): AsyncGenerator<TextChunk> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const data of copyData(client, copy)) {
    const input = rest.length ? Buffer.concat([rest, data]) : data;
    const { text, rows, used } = lines.rewrite(input);
    rest = input.subarray(used);
    if (rows) yield { text, rows };
  }
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const TAB = 0x09;
const NEWLINE = 0x0a;
const NULL_CELL = 0x4e; // `\N`
const COMMA = 0x2c;
const NULL = Buffer.from('null');
const NOTHING = Buffer.alloc(0);
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const JSON_LINE_END = Buffer.from('}\n');
const CSV_LINE_END = Buffer.from('\n');

/**
 * COPY text rewritten byte by byte as JSON lines (`keys`: each column's `{"key":` or `,"key":`) or as
 * CSV records: most cells (plain text, integers, booleans, UTC timestamps) are written as they come,
 * without a string per cell; the rest (text with an escape, a quote, a comma for CSV or a control
 * character for JSON, floats, numbers past 15 digits, timestamps out of the common shape) go through
 * the string renderings (`Render`), so the output is the same byte for byte.
 */
class CopyLineWriter {
  private out = Buffer.alloc(0);
  private at = 0;
  private readonly json: boolean;

  constructor(
    format: 'json' | 'csv',
    private readonly renders: Render[],
    private readonly keys: Buffer[] = [],
  ) {
    this.json = format === 'json';
  }

  /** The complete rows at the start of `input`, rewritten; `used`: the bytes those rows took. */
  rewrite(input: Buffer): { text: Buffer; rows: number; used: number } {
    // Each chunk gets its own buffer (the one yielded before may not be written yet); JSON lines take
    // ~1.7x the bytes of COPY's text, and `ensure` grows it when a chunk takes more.
    this.out = Buffer.allocUnsafe(input.length * 2 + 4096);
    this.at = 0;
    let rows = 0;
    let start = 0;
    for (let end = input.indexOf(NEWLINE, start); end !== -1; end = input.indexOf(NEWLINE, start)) {
      let cell = start;
      for (let i = 0; i < this.renders.length; i++) {
        let stop = i === this.renders.length - 1 ? end : input.indexOf(TAB, cell);
        if (stop === -1 || stop > end) stop = end;
        if (this.json) this.put(this.keys[i]);
        else if (i > 0) this.byte(COMMA);
        this.cell(input, cell, stop, this.renders[i]);
        cell = stop + 1;
      }
      this.put(this.json ? JSON_LINE_END : CSV_LINE_END);
      rows++;
      start = end + 1;
    }
    return { text: this.out.subarray(0, this.at), rows, used: start };
  }

  private cell(b: Buffer, s: number, e: number, render: Render): void {
    if (e - s === 2 && b[s] === BACKSLASH && b[s + 1] === NULL_CELL) return this.put(this.json ? NULL : NOTHING);
    switch (render.kind) {
      case 'plain':
        return this.copy(b, s, e);
      case 'bool':
        return this.put(b[s] === 0x74 ? TRUE : FALSE);
      case 'text':
        for (let i = s; i < e; i++) {
          const c = b[i];
          // COPY writes a line break as `\n`: a CSV cell needs quotes only for a quote or a comma here.
          if (c === BACKSLASH || c === QUOTE || (this.json ? c < 0x20 : c === COMMA)) return this.slow(b, s, e, render);
        }
        if (!this.json) return this.copy(b, s, e);
        this.byte(QUOTE);
        this.copy(b, s, e);
        this.byte(QUOTE);
        return;
      case 'exactNumber':
        return e - s <= 15 && isInteger(b, s, e) ? this.copy(b, s, e) : this.slow(b, s, e, render);
      case 'timestamp':
        return this.timestamp(b, s, e) ? undefined : this.slow(b, s, e, render);
      default:
        return this.slow(b, s, e, render);
    }
  }

  /** `2026-12-07 06:27:35.572+00` as `2026-12-07T06:27:35.572Z` (milliseconds cut; quoted in JSON), as `isoTime` does. */
  private timestamp(b: Buffer, s: number, e: number): boolean {
    const n = e - s;
    if (n < 22 || n > 29 || b[s + 10] !== 0x20 || b[s + 4] !== 0x2d || b[e - 3] !== 0x2b) return false;
    if (b[e - 2] !== 0x30 || b[e - 1] !== 0x30) return false;
    this.ensure(26);
    const o = this.out;
    if (this.json) o[this.at++] = QUOTE;
    b.copy(o, this.at, s, s + 10);
    this.at += 10;
    o[this.at++] = 0x54; // T
    b.copy(o, this.at, s + 11, s + 19);
    this.at += 8;
    o[this.at++] = 0x2e; // .
    for (let k = 0; k < 3; k++) o[this.at++] = s + 20 + k < e - 3 ? b[s + 20 + k] : 0x30;
    o[this.at++] = 0x5a; // Z
    if (this.json) o[this.at++] = QUOTE;
    return true;
  }

  private slow(b: Buffer, s: number, e: number, render: Render): void {
    const cell = b.toString('utf8', s, e);
    const text = this.json ? render.json(cell) : csvCell(render.csv(cell));
    this.ensure(Buffer.byteLength(text));
    this.at += this.out.write(text, this.at, 'utf8');
  }

  private copy(b: Buffer, s: number, e: number): void {
    this.ensure(e - s);
    b.copy(this.out, this.at, s, e);
    this.at += e - s;
  }

  private put(bytes: Buffer): void {
    this.copy(bytes, 0, bytes.length);
  }

  private byte(c: number): void {
    this.ensure(1);
    this.out[this.at++] = c;
  }

  private ensure(n: number): void {
    if (this.at + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.at + n));
    this.out.copy(bigger, 0, 0, this.at);
    this.out = bigger;
  }
}

/** `-?[1-9][0-9]*|0`, as `safeIntegerText` tests it. */
function isInteger(b: Buffer, s: number, e: number): boolean {
  let i = b[s] === 0x2d ? s + 1 : s;
  if (i >= e) return false;
  if (b[i] === 0x30) return i + 1 === e && i === s;
  for (; i < e; i++) if (b[i] < 0x30 || b[i] > 0x39) return false;
  return true;
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
  const header = `${names.map(csvCell).join(',')}\n`;
  const copy = `copy (${inlineParameters(picked)}) to stdout`;
  return {
    async *chunks() {
      yield { text: header, rows: 0 };
      yield* rewriteCopy(client, copy, new CopyLineWriter('csv', columns.renders));
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
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const data of copyData(client, `copy (${inlineParameters(query)}) to stdout`, {
    settings,
    highWaterMark,
  })) {
    const text = rest + decoder.write(data);
    const end = text.lastIndexOf('\n') + 1;
    rest = text.slice(end);
    if (end > 0) yield text.slice(0, end);
  }
}

/**
 * The bytes of `copy … to stdout`, in one read-only transaction (ended when the reader stops early).
 * COPY's text follows the session's time zone and DateStyle: pinned for this statement only unless
 * `settings` (`set local` statements) say otherwise.
 */
async function* copyData(
  client: Queryable,
  copy: string,
  opts: { settings?: string[]; highWaterMark?: number } = {},
): AsyncGenerator<Buffer> {
  const settings = opts.settings ?? [`timezone = 'UTC'`, `datestyle = 'ISO, YMD'`];
  await client.query(`begin read only`);
  let stream: Readable | undefined;
  let done = false;
  try {
    if (settings.length) await client.query(settings.map((setting) => `set local ${setting}`).join('; '));
    stream = client.query(copyTo(copy, { highWaterMark: opts.highWaterMark ?? 1 << 20 })) as unknown as Readable;
    for await (const data of stream as AsyncIterable<Buffer>) yield data;
    await client.query('commit');
    done = true;
  } finally {
    if (!done) {
      stream?.destroy();
      await client.query('rollback').catch(() => undefined);
    }
  }
}
