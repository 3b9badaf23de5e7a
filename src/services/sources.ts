import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { SourceSchema, SourceType, type Source } from '../../entities/index.js';
import { numeric, parseRow, readRows, refuseDuplicates, rowConflict, type ImportResult } from '../import/read-rows.js';
import { notFound } from '../registry/lookup.js';
import { SOURCE_TYPES, TYPE_FIELDS } from '../registry/source-types.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import { diffFields, type WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { numberText } from '../validation/typed-text.js';

export { SOURCE_TYPES, TYPE_FIELDS };

/** The coordinates of a source; those of other types are null. */
export interface SourceCoordinates {
  ra: number | null;
  dec: number | null;
  ephemeris: string | null;
  raMin: number | null;
  raMax: number | null;
  decMin: number | null;
  decMax: number | null;
  elevation: number | null;
}

export interface SourceView extends SourceCoordinates {
  name: string;
  type: SourceType;
  createdAt: Date;
  updatedAt: Date;
}

export interface SourceDetail extends SourceView {
  obsUnits: string[];
}

const RA_MESSAGE = 'must be at least 0 and less than 360';
const DEC_MESSAGE = 'must be between -90 and 90';
const ra = z.number(RA_MESSAGE).min(0, RA_MESSAGE).lt(360, RA_MESSAGE);
const dec = z.number(DEC_MESSAGE).min(-90, DEC_MESSAGE).max(90, DEC_MESSAGE);
const elevation = z
  .number('must be between 0 and 90')
  .min(0, 'must be between 0 and 90')
  .max(90, 'must be between 0 and 90');

/** The rule of each field, for the service and for the prompts that ask for them; numbers may be given as text. */
export const sourceFields = {
  name: fields.name,
  ra: numberText(ra),
  dec: numberText(dec),
  ephemeris: fields.name,
  raMin: numberText(ra),
  raMax: numberText(ra),
  decMin: numberText(dec),
  decMax: numberText(dec),
  elevation: numberText(elevation),
};

const ALL_COORDINATES = Object.values(TYPE_FIELDS).flat();

/** A whole source: the type and exactly its coordinates. */
const SourceInput = z
  .object({
    name: sourceFields.name,
    type: z.enum(SourceType, `must be one of ${SOURCE_TYPES.join(', ')}`),
    ra: sourceFields.ra.nullish(),
    dec: sourceFields.dec.nullish(),
    ephemeris: sourceFields.ephemeris.nullish(),
    raMin: sourceFields.raMin.nullish(),
    raMax: sourceFields.raMax.nullish(),
    decMin: sourceFields.decMin.nullish(),
    decMax: sourceFields.decMax.nullish(),
    elevation: sourceFields.elevation.nullish(),
  })
  .superRefine((s, ctx) => {
    const own = TYPE_FIELDS[s.type];
    for (const f of own) {
      if (s[f] === undefined || s[f] === null) {
        ctx.addIssue({ code: 'custom', path: [f], message: `is required for a ${s.type} source` });
      }
    }
    for (const f of ALL_COORDINATES) {
      if (!own.includes(f) && s[f] !== undefined && s[f] !== null) {
        ctx.addIssue({ code: 'custom', path: [f], message: `does not apply to a ${s.type} source` });
      }
    }
    if (
      s.type === SourceType.CONSTANT_ELEVATION &&
      typeof s.decMin === 'number' &&
      typeof s.decMax === 'number' &&
      s.decMin > s.decMax
    ) {
      ctx.addIssue({ code: 'custom', path: ['decMin'], message: 'must not be greater than the maximum Dec' });
    }
  });

export type NewSource = z.input<typeof SourceInput>;
export type SourceChanges = Partial<Omit<NewSource, 'name'>> & { newName?: string };

/** Flag names for the fields, so validation errors name what the user typed. */
export const SOURCE_FLAGS: Record<string, string> = {
  raMin: 'ra-min',
  raMax: 'ra-max',
  decMin: 'dec-min',
  decMax: 'dec-max',
  elevation: 'elevation',
  newName: 'new-name',
};
const flagOf = (field: string) => SOURCE_FLAGS[field] ?? field;

/** Columns of a source import file (CSV header or YAML keys). */
export const SOURCE_COLUMNS: Record<string, keyof NewSource> = {
  name: 'name',
  type: 'type',
  ra_deg: 'ra',
  dec_deg: 'dec',
  ephemeris_name: 'ephemeris',
  ra_min_deg: 'raMin',
  ra_max_deg: 'raMax',
  dec_min_deg: 'decMin',
  dec_max_deg: 'decMax',
  elevation_deg: 'elevation',
};
const columnOf = Object.fromEntries(Object.entries(SOURCE_COLUMNS).map(([col, f]) => [f, col]));

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The source's coordinates under their names here, from the entity's columns (`ra` is `raDeg`…). */
function coordinates(s: Source): SourceCoordinates {
  return {
    ra: num(s.raDeg),
    dec: num(s.decDeg),
    ephemeris: s.ephemerisName ?? null,
    raMin: num(s.raMinDeg),
    raMax: num(s.raMaxDeg),
    decMin: num(s.decMinDeg),
    decMax: num(s.decMaxDeg),
    elevation: num(s.elevationDeg),
  };
}

/** Coordinates as the entity's columns. */
function entityColumns(c: SourceCoordinates) {
  return {
    raDeg: c.ra,
    decDeg: c.dec,
    ephemerisName: c.ephemeris,
    raMinDeg: c.raMin,
    raMaxDeg: c.raMax,
    decMinDeg: c.decMin,
    decMaxDeg: c.decMax,
    elevationDeg: c.elevation,
  };
}

function view(s: Source): SourceView {
  return { name: s.name, type: s.sourceType, ...coordinates(s), createdAt: s.createdAt, updatedAt: s.updatedAt };
}

/** Every coordinate column: the type's own as given, the others null. */
function columnsOf(data: z.infer<typeof SourceInput>): SourceCoordinates {
  const own = TYPE_FIELDS[data.type];
  return Object.fromEntries(
    ALL_COORDINATES.map((f) => [f, own.includes(f) ? (data[f] ?? null) : null]),
  ) as unknown as SourceCoordinates;
}

/** Every source's name, in name order (the choices prompts offer). */
export async function sourceNames(em: EntityManager): Promise<string[]> {
  return (await em.find(SourceSchema, {}, { fields: ['name'], orderBy: { name: 'asc' } })).map((s) => s.name);
}

/** The source of that name, or exit 4 with the nearest name. */
export async function findSource(em: EntityManager, name: string): Promise<Source> {
  const found = await em.findOne(SourceSchema, { name });
  if (found) return found;
  throw notFound('source', name, await sourceNames(em), 'source list');
}

/** Registers a source; idempotent, conflicts point to `update`. */
export async function addSource(
  em: EntityManager,
  input: NewSource,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<SourceView>> {
  const data = validateInput(SourceInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const wanted = { type: data.type, ...columnsOf(data) };
    return addOrKeep(tx, {
      existing: await tx.findOne(SourceSchema, { name: data.name }),
      view,
      wanted,
      create: () =>
        tx.create(SourceSchema, { name: data.name, sourceType: data.type, ...entityColumns(columnsOf(data)) }),
      dryRun: opts.dryRun,
      label: `source '${data.name}'`,
      updateCommand: `ccat-ops source update '${data.name}'`,
    });
  });
}

/**
 * Changes a source; shows before and after. Changing the type needs the new type's coordinates and
 * clears the old ones.
 */
export async function updateSource(
  em: EntityManager,
  name: string,
  input: SourceChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<SourceView>> {
  return registryTransaction(em, async (tx) => {
    const s = await findSource(tx, name);
    const current = view(s);
    const { newName, ...changes } = input;
    const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const type = (input.type ?? current.type) as SourceType;
    const base: Record<string, unknown> = type === current.type ? { ...coordinates(s) } : {};
    const merged = { ...base, ...given, type, name: newName ?? current.name };
    const data = validateInput(SourceInput, merged, (f) => (f === 'name' ? 'new-name' : flagOf(f)));
    const wanted = { name: data.name, type: data.type, ...columnsOf(data) };
    return applyUpdate(tx, {
      entity: s,
      view,
      wanted,
      apply: () => void tx.assign(s, { name: data.name, sourceType: data.type, ...entityColumns(columnsOf(data)) }),
      dryRun: opts.dryRun,
    });
  });
}

const TEXT_COLUMNS = new Set(['name', 'type', 'ephemeris_name']);

/**
 * Imports sources from a CSV file (header: name, ra_deg, dec_deg, and optionally type and the other
 * types' columns) or a YAML list with the same keys; all or nothing in one transaction.
 */
export async function importSources(
  em: EntityManager,
  file: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const rows = readRows(file, { formats: ['csv', 'yaml'], columns: Object.keys(SOURCE_COLUMNS), required: ['name'] });
  const entries = rows.map((r) => {
    const raw = Object.fromEntries(
      Object.entries(r.raw).map(([col, v]) => [
        SOURCE_COLUMNS[col],
        TEXT_COLUMNS.has(col) ? (v === null ? v : String(v)) : numeric(v, file, r, col),
      ]),
    );
    const entry = parseRow(
      SourceInput,
      file,
      { row: r.row, raw: { type: SourceType.FIXED, ...raw } },
      (f) => columnOf[f] ?? f,
    );
    return { row: r.row, entry };
  });
  refuseDuplicates(
    file,
    entries.map((e) => ({ row: e.row, key: e.entry.name })),
  );
  const result: ImportResult = { file, dryRun: Boolean(opts.dryRun), created: [], present: [] };
  await registryTransaction(em, async (tx) => {
    // One query for every source the file names, not one per row.
    const known = await tx.find(SourceSchema, { name: { $in: entries.map((e) => e.entry.name) } });
    const byName = new Map(known.map((src) => [src.name, src]));
    for (const { row, entry } of entries) {
      const existing = byName.get(entry.name);
      const wanted = { type: entry.type, ...columnsOf(entry) };
      if (existing) {
        const changes = diffFields(view(existing) as unknown as Record<string, unknown>, wanted).map((c) => ({
          ...c,
          field: columnOf[c.field] ?? c.field,
        }));
        if (changes.length) throw rowConflict(file, row, entry.name, changes, `ccat-ops source update '${entry.name}'`);
        result.present.push(entry.name);
      } else {
        result.created.push(entry.name);
        if (!opts.dryRun)
          tx.create(SourceSchema, { name: entry.name, sourceType: entry.type, ...entityColumns(columnsOf(entry)) });
      }
    }
    if (!opts.dryRun) await tx.flush();
  });
  return result;
}
