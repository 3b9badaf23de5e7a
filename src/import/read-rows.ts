import { existsSync } from 'node:fs';
import { INPUT_LIMITS, readInputFile } from '../files/input-file.js';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { Conflict, NotFound, UsageError } from '../errors.js';
import { parseDecimal } from '../validation/ranges.js';
import { parseYamlKeepingNumbers } from '../validation/yaml-numbers.js';

/** One record of an import file, with its position for error messages. */
export interface ImportRow {
  /** 1-based: the n-th entry of a YAML list, or the n-th data row of a CSV file (the header is not a row). */
  row: number;
  raw: Record<string, unknown>;
}

export type ImportFormat = 'csv' | 'yaml';

const NOTHING_WRITTEN = 'fix the file and import it again; nothing was written';

/** A problem with one row of an import file: `FILE: row N (name): field: problem`, exit 2. */
export class ImportError extends UsageError {
  constructor(message: string, actions = [NOTHING_WRITTEN]) {
    super(message, actions);
  }
}

export function rowError(file: string, row: number, label: string | undefined, field: string, problem: string) {
  return new ImportError(`${file}: row ${row}${label ? ` (${label})` : ''}: ${field}: ${problem}`);
}

/** The format of an import file, from its extension. */
export function formatOf(file: string, allowed: ImportFormat[]): ImportFormat {
  const ext = extname(file).toLowerCase();
  const format: ImportFormat | undefined =
    ext === '.csv' ? 'csv' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  if (!format || !allowed.includes(format)) {
    const expected = allowed.map((f) => (f === 'csv' ? '.csv' : '.yaml/.yml')).join(' or ');
    throw new UsageError(`${file}: expected a ${expected} file`);
  }
  return format;
}

/**
 * Reads an import file: a YAML list of mappings, or a CSV file with a header row. Empty CSV cells
 * are absent values; unknown columns or keys are refused so a typo cannot pass silently.
 */
export function readRows(
  file: string,
  opts: { formats: ImportFormat[]; columns: readonly string[]; required?: readonly string[] },
): ImportRow[] {
  const format = formatOf(file, opts.formats);
  const text = readText(file);
  const rows = format === 'csv' ? readCsv(file, text, opts.columns, opts.required ?? []) : readYaml(file, text);
  const known = new Set(opts.columns);
  for (const r of rows) {
    const unknown = Object.keys(r.raw).find((k) => !known.has(k));
    if (unknown !== undefined) {
      throw rowError(
        file,
        r.row,
        labelOf(r.raw),
        unknown,
        `unknown ${format === 'csv' ? 'column' : 'field'} (expected ${opts.columns.join(', ')})`,
      );
    }
  }
  return rows;
}

/** The file as text: UTF-8 without NUL bytes, or exit 2 (a binary file is not an import file). */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readInputFile(file, 'the import file', INPUT_LIMITS.importFile);
  } catch (err) {
    if (existsSync(file)) throw err;
    throw new NotFound(`no file '${file}'`, ['check the path (relative to the current directory)']);
  }
  const notText = new ImportError(`${file}: not a text file (it holds binary data or is not UTF-8)`, [
    'give a UTF-8 text file in the documented format; nothing was written',
  ]);
  if (bytes.includes(0)) throw notText;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notText;
  }
}

function readCsv(file: string, text: string, known: readonly string[], required: readonly string[]): ImportRow[] {
  let records: Record<string, string>[];
  let headed = false;
  const header = (names: string[]): string[] => {
    headed = true;
    const unknown = names.find((n) => !known.includes(n));
    if (unknown !== undefined) {
      throw new ImportError(`${file}: line 1 (header): unknown column '${unknown}' (expected ${known.join(', ')})`);
    }
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) {
      throw new ImportError(`${file}: line 1 (header): column '${twice}' is named twice; name each column once`);
    }
    const missing = required.find((n) => !names.includes(n));
    if (missing !== undefined) throw new ImportError(`${file}: line 1 (header): column '${missing}' is missing`);
    return names;
  };
  try {
    records = parseCsv(text, { columns: header, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      string
    >[];
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file}: not valid CSV: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!headed) {
    throw new ImportError(`${file}: line 1 (header): missing; the first line names the columns (${known.join(', ')})`);
  }
  return records.map((rec, i) => ({
    row: i + 1,
    raw: Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== '')),
  }));
}

/**
 * YAML's own typing would read `0x1F` as 31, `1e1` as 10 and `.inf` as Infinity: a number keeps the
 * text it was written as, so that the same rule as for a CSV cell (a plain decimal) decides.
 */
function readYaml(file: string, text: string): ImportRow[] {
  let doc: unknown;
  try {
    doc = parseYamlKeepingNumbers(text);
  } catch (err) {
    throw new ImportError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new ImportError(`${file}: must be a list of entries (each starting with "- ")`);
  return doc.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw rowError(file, i + 1, undefined, '(entry)', 'must be a mapping of field: value');
    }
    return { row: i + 1, raw: raw as Record<string, unknown> };
  });
}

/** The name a row is known by, for error messages. */
export function labelOf(raw: Record<string, unknown>): string | undefined {
  const v = raw.short_name ?? raw.name;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** Validates one row; the first problem becomes `FILE: row N (name): field: problem`. */
export function parseRow<S extends z.ZodType>(
  schema: S,
  file: string,
  r: ImportRow,
  fieldOf: (field: string) => string = (f) => f,
): z.infer<S> {
  const parsed = schema.safeParse(r.raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? fieldOf(issue.path.map(String).join('.')) : '(entry)';
  const absent = issue.path.length > 0 && r.raw[String(issue.path[0])] === undefined;
  const problem = issue.code === 'invalid_type' && absent ? 'is required' : issue.message;
  throw rowError(file, r.row, labelOf(r.raw), field, problem);
}

/** Refuses a file that names the same thing twice. */
export function refuseDuplicates(file: string, rows: { row: number; key: string }[]): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.key);
    if (first !== undefined) throw rowError(file, r.row, r.key, 'name', `duplicates row ${first}`);
    seen.set(r.key, r.row);
  }
}

/** What an import did, or would do under `--dry-run`. */
export interface ImportResult {
  file: string;
  dryRun: boolean;
  /** Natural keys of what was (or would be) created. */
  created: string[];
  /** Natural keys of what was already there with the same values. */
  present: string[];
}

/** One line for people. */
export function describeImport(r: ImportResult, what: string): string {
  const present = `${r.present.length} already present`;
  return r.dryRun
    ? `Would import ${r.file}: ${r.created.length} ${what} to create, ${present} (dry run: nothing written).`
    : `Imported ${r.file}: ${r.created.length} ${what} created, ${present}.`;
}

/** A CSV cell or YAML value as a number (plain decimal: no hex or exponent), or exit 2 naming the row and column. */
export function numeric(v: unknown, file: string, r: ImportRow, column: string): unknown {
  if (v === null || v === undefined || typeof v === 'number') return v;
  const n = typeof v === 'string' ? parseDecimal(v.trim()) : undefined;
  if (n !== undefined) return n;
  throw rowError(
    file,
    r.row,
    labelOf(r.raw),
    column,
    `'${String(v)}' is not a number; write a plain decimal number like 12 or -22.96`,
  );
}

/** A CSV cell or YAML value as a boolean (true/false/yes/no/1/0). */
export function boolean(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  return v;
}

/** A row that names something already registered with other values: exit 1, nothing written. */
export function rowConflict(
  file: string,
  row: number,
  label: string,
  changes: { field: string; before: unknown; after: unknown }[],
  updateCommand: string,
): Conflict {
  const c = changes[0];
  const show = (v: unknown) => (v === null || v === undefined ? '(none)' : String(v));
  return new Conflict(
    `${file}: row ${row} (${label}): ${c.field}: already registered as ${show(c.before)}, the file says ${show(c.after)}`,
    [`change it with \`${updateCommand}\` or fix the file; nothing was written`],
  );
}
