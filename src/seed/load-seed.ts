import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { SEED_ORDER, seedSchemas, type SeedEntry, type SeedKind } from './seed-files.js';

/** The bundled reference data (DESIGN §10). */
export const BUNDLED_SEED_DIR = join(PACKAGE_ROOT, 'data');

/** A located entry: where it came from, for error messages. */
export interface Located<T> {
  file: string;
  index: number;
  entry: T;
}

export type LoadedSeed = { [K in SeedKind]: Located<SeedEntry<K>>[] };

/** A seed problem: names the file, the entry and the field. */
export class SeedError extends UsageError {
  constructor(message: string, actions = ['fix the file and run the seed again; nothing was written']) {
    super(message, actions);
  }
}

export function seedError(
  file: string,
  index: number,
  label: string | undefined,
  field: string,
  problem: string,
): SeedError {
  const entry = `entry ${index + 1}${label ? ` (${label})` : ''}`;
  return new SeedError(`${file}: ${entry}: ${field}: ${problem}`, [
    'fix the file and run the seed again; nothing was written',
  ]);
}

function labelOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    const v = r.short_name ?? r.name;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Reads and validates every seed file of `dir`; files that are absent are skipped. */
export function loadSeed(dir = BUNDLED_SEED_DIR): LoadedSeed {
  const known = new Set(SEED_ORDER.map((k) => `${k}.yaml`));
  const strays = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !known.has(f));
  if (strays.length) {
    throw new SeedError(
      `${join(dir, strays[0])}: not a seed file this version knows (expected one of ${[...known].join(', ')})`,
    );
  }
  const out = {} as Record<SeedKind, Located<unknown>[]>;
  for (const kind of SEED_ORDER) {
    const file = join(dir, `${kind}.yaml`);
    out[kind] = existsSync(file) ? loadFile(kind, file) : [];
  }
  return out as LoadedSeed;
}

function loadFile(kind: SeedKind, file: string): Located<unknown>[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SeedError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new SeedError(`${file}: must be a list of entries (each starting with "- ")`);
  const schema = seedSchemas[kind];
  return doc.map((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.') || '(entry)';
      const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
      const problem = missing ? 'is required' : issue.message;
      throw seedError(file, index, labelOf(raw), field, problem);
    }
    return { file, index, entry: parsed.data };
  });
}
