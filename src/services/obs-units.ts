import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  ObsModeSchema,
  ObsUnitSchema,
  type ObsMode,
  type ObsUnit,
  type ObservingProgram,
  type SubObservingProgram,
} from '../../entities/index.js';
import { NotFound } from '../errors.js';
import {
  boolean,
  numeric,
  parseRow,
  readRows,
  refuseDuplicates,
  rowConflict,
  type ImportResult,
} from '../import/read-rows.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import { diffFields, type WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { numberText } from '../validation/typed-text.js';
import { findProgram, findSubProgram } from './programs.js';
import type { ObservationConfigurationView } from './observation-configurations.js';
import { findSource } from './sources.js';

export interface ObsUnitView {
  name: string;
  program: string;
  subProgram: string | null;
  source: string;
  obsMode: string;
  line: string | null;
  priority: number;
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const lineText = z
  .string()
  .trim()
  .max(64, 'must be at most 64 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const priority = z
  .number()
  .refine(Number.isInteger, 'must be a whole number')
  .refine((n) => Math.abs(n) <= 1_000_000, 'must be between -1000000 and 1000000');

/** The rule of each field, for the service and for the prompts that ask for them; numbers may be given as text. */
export const obsUnitFields = {
  name: fields.name,
  program: fields.shortName,
  subProgram: fields.shortName,
  source: fields.name,
  obsMode: fields.name,
  line: lineText.min(1, 'must not be empty'),
  priority: numberText(priority),
};

const AddInput = z.object({
  name: obsUnitFields.name,
  program: obsUnitFields.program,
  subProgram: obsUnitFields.subProgram.optional(),
  source: obsUnitFields.source,
  obsMode: obsUnitFields.obsMode,
  line: obsUnitFields.line.optional(),
  priority: obsUnitFields.priority.optional(),
  available: z.boolean('must be true or false').optional(),
});
const UpdateInput = z.object({
  newName: fields.name.optional(),
  program: fields.shortName.optional(),
  /** '' removes the sub-programme. */
  subProgram: z.union([z.literal(''), fields.shortName]).optional(),
  source: fields.name.optional(),
  obsMode: fields.name.optional(),
  /** '' removes the line. */
  line: lineText.optional(),
  priority: obsUnitFields.priority.optional(),
  available: z.boolean().optional(),
});

export type NewObsUnit = z.input<typeof AddInput>;
export type ObsUnitChanges = z.input<typeof UpdateInput>;

export const OBS_UNIT_FLAGS: Record<string, string> = {
  subProgram: 'sub-program',
  obsMode: 'obs-mode',
  newName: 'new-name',
};
const flagOf = (field: string) => OBS_UNIT_FLAGS[field] ?? field;

/** Columns (CSV header or YAML keys) of an obs-unit import file. */
export const OBS_UNIT_COLUMNS: Record<string, keyof NewObsUnit> = {
  name: 'name',
  program: 'program',
  sub_program: 'subProgram',
  source: 'source',
  obs_mode: 'obsMode',
  line_id: 'line',
  priority: 'priority',
  available: 'available',
};
const columnOf = Object.fromEntries(Object.entries(OBS_UNIT_COLUMNS).map(([col, f]) => [f, col]));

const POPULATE = ['observingProgram', 'subObservingProgram', 'source', 'obsMode'] as const;

function view(u: ObsUnit): ObsUnitView {
  return {
    name: u.name,
    program: u.observingProgram.unwrap().shortName,
    subProgram: u.subObservingProgram?.unwrap().shortName ?? null,
    source: u.source.unwrap().name,
    obsMode: u.obsMode.unwrap().name,
    line: u.lineId ?? null,
    priority: u.priority,
    available: u.available,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

/** The obs mode of that name, or exit 4 with the nearest name (or the seed, when there are none). */
export async function findObsMode(em: EntityManager, name: string): Promise<ObsMode> {
  const found = await em.findOne(ObsModeSchema, { name });
  if (found) return found;
  const all = await em.find(ObsModeSchema, {}, { fields: ['name'] });
  if (!all.length) {
    throw new NotFound(`no obs mode '${name}': no obs modes are registered`, [
      'load the bundled ones (otf, pointing, raster) with `ccat-ops db seed`',
    ]);
  }
  throw new NotFound(
    notFound(
      'obs mode',
      name,
      all.map((m) => m.name),
      'obs-unit add --help',
    ).message,
    [`known obs modes: ${all.map((m) => m.name).join(', ')}`],
  );
}

/** Names of every obs mode, for prompts. */
export async function obsModeNames(em: EntityManager): Promise<string[]> {
  return (await em.find(ObsModeSchema, {}, { orderBy: { name: 'asc' } })).map((m) => m.name);
}

/** The obs unit of that name, or exit 4 with the nearest name. */
export async function findObsUnit(em: EntityManager, name: string): Promise<ObsUnit> {
  const found = await em.findOne(ObsUnitSchema, { name }, { populate: POPULATE });
  if (found) return found;
  const all = await em.find(ObsUnitSchema, {}, { fields: ['name'] });
  throw notFound(
    'obs unit',
    name,
    all.map((u) => u.name),
    'obs-unit list',
  );
}

interface Refs {
  program: ObservingProgram;
  subProgram: SubObservingProgram | null;
}

async function resolveProgram(tx: EntityManager, program: string, subProgram?: string): Promise<Refs> {
  const p = await findProgram(tx, program);
  return { program: p, subProgram: subProgram ? await findSubProgram(tx, p, subProgram) : null };
}

/** Registers an obs unit by the natural keys of its programme, source and obs mode; idempotent. */
export async function addObsUnit(
  em: EntityManager,
  input: NewObsUnit,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ObsUnitView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const { program, subProgram } = await resolveProgram(tx, data.program, data.subProgram);
    const source = await findSource(tx, data.source);
    const obsMode = await findObsMode(tx, data.obsMode);
    const { name, ...wanted } = data;
    return addOrKeep(tx, {
      existing: await tx.findOne(ObsUnitSchema, { name }, { populate: POPULATE }),
      view,
      wanted: { ...wanted, subProgram: data.subProgram },
      create: () =>
        tx.create(ObsUnitSchema, {
          name,
          observingProgram: program,
          subObservingProgram: subProgram,
          source,
          obsMode,
          lineId: data.line ?? null,
          priority: data.priority ?? 0,
          available: data.available ?? true,
        }),
      dryRun: opts.dryRun,
      label: `obs unit '${name}'`,
      updateCommand: `ccat-ops obs-unit update '${name}'`,
    });
  });
}

/**
 * Changes an obs unit; shows before and after. Moving it to another programme drops its
 * sub-programme unless a new one is given; `subProgram: ''` or `line: ''` removes them.
 */
export async function updateObsUnit(
  em: EntityManager,
  name: string,
  input: ObsUnitChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ObsUnitView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const u = await findObsUnit(tx, name);
    const current = view(u);
    const programChanged = data.program !== undefined && data.program !== current.program;
    const programName = data.program ?? current.program;
    const subName =
      data.subProgram !== undefined ? data.subProgram || null : programChanged ? null : current.subProgram;
    const { program, subProgram } = await resolveProgram(tx, programName, subName ?? undefined);
    const source = data.source !== undefined ? await findSource(tx, data.source) : undefined;
    const obsMode = data.obsMode !== undefined ? await findObsMode(tx, data.obsMode) : undefined;
    const lineValue = data.line === undefined ? undefined : data.line || null;
    return applyUpdate(tx, {
      entity: u,
      view,
      wanted: {
        name: data.newName,
        program: data.program,
        subProgram: subName,
        source: data.source,
        obsMode: data.obsMode,
        line: lineValue,
        priority: data.priority,
        available: data.available,
      },
      apply: () => {
        const given = Object.fromEntries(
          Object.entries({
            name: data.newName,
            source,
            obsMode,
            lineId: lineValue,
            priority: data.priority,
            available: data.available,
          }).filter(([, v]) => v !== undefined),
        );
        tx.assign(u, { ...given, observingProgram: program, subObservingProgram: subProgram });
      },
      dryRun: opts.dryRun,
    });
  });
}

/** What `set-available` did for each obs unit. */
export interface AvailabilityResult {
  available: boolean;
  dryRun: boolean;
  changed: string[];
  unchanged: string[];
}

/** Marks obs units available or not; idempotent, all or nothing. */
export async function setObsUnitsAvailable(
  em: EntityManager,
  names: string[],
  available: boolean,
  opts: { dryRun?: boolean } = {},
): Promise<AvailabilityResult> {
  return registryTransaction(em, async (tx) => {
    const result: AvailabilityResult = { available, dryRun: Boolean(opts.dryRun), changed: [], unchanged: [] };
    for (const name of [...new Set(names)]) {
      const u = await findObsUnit(tx, name);
      if (u.available === available) result.unchanged.push(u.name);
      else {
        result.changed.push(u.name);
        if (!opts.dryRun) u.available = available;
      }
    }
    if (!opts.dryRun) await tx.flush();
    return result;
  });
}

/** An obs unit as `obs-unit show` gives it: with its observation configuration. */
export interface ObsUnitDetail extends ObsUnitView {
  /** How it is observed (a CHAI setup with INPAR, tiling and module configurations); null if not set. */
  observationConfiguration: ObservationConfigurationView | null;
}

const TEXT_COLUMNS = new Set(['name', 'program', 'sub_program', 'source', 'obs_mode', 'line_id']);

/**
 * Imports obs units from a YAML list or a CSV file with the columns name, program, sub_program,
 * source, obs_mode, line_id, priority, available; all or nothing in one transaction.
 */
export async function importObsUnits(
  em: EntityManager,
  file: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const rows = readRows(file, { formats: ['csv', 'yaml'], columns: Object.keys(OBS_UNIT_COLUMNS), required: ['name'] });
  const entries = rows.map((r) => {
    const raw = Object.fromEntries(
      Object.entries(r.raw)
        .filter(([, v]) => v !== null)
        .map(([col, v]) => [
          OBS_UNIT_COLUMNS[col],
          TEXT_COLUMNS.has(col) ? String(v) : col === 'available' ? boolean(v) : numeric(v, file, r, col),
        ]),
    );
    return { row: r.row, entry: parseRow(AddInput, file, { row: r.row, raw }, (f) => columnOf[f] ?? f) };
  });
  refuseDuplicates(
    file,
    entries.map((e) => ({ row: e.row, key: e.entry.name })),
  );
  const result: ImportResult = { file, dryRun: Boolean(opts.dryRun), created: [], present: [] };
  await registryTransaction(em, async (tx) => {
    for (const { row, entry } of entries) {
      // A reference that does not exist is a problem of this row: name it.
      const at = async <T>(column: string, find: () => Promise<T>): Promise<T> => {
        try {
          return await find();
        } catch (err) {
          if (err instanceof NotFound) {
            throw new NotFound(`${file}: row ${row} (${entry.name}): ${column}: ${err.message}`, [
              ...err.actions,
              'nothing was written',
            ]);
          }
          throw err;
        }
      };
      const program = await at('program', () => findProgram(tx, entry.program));
      const subProgram = entry.subProgram
        ? await at('sub_program', () => findSubProgram(tx, program, entry.subProgram!))
        : null;
      const source = await at('source', () => findSource(tx, entry.source));
      const obsMode = await at('obs_mode', () => findObsMode(tx, entry.obsMode));
      const existing = await tx.findOne(ObsUnitSchema, { name: entry.name }, { populate: POPULATE });
      if (existing) {
        const { name: _name, ...wanted } = entry;
        const changes = diffFields(view(existing) as unknown as Record<string, unknown>, {
          ...wanted,
          subProgram: entry.subProgram,
        }).map((c) => ({ ...c, field: columnOf[c.field] ?? c.field }));
        if (changes.length) {
          throw rowConflict(file, row, entry.name, changes, `ccat-ops obs-unit update '${entry.name}'`);
        }
        result.present.push(entry.name);
      } else {
        result.created.push(entry.name);
        if (!opts.dryRun) {
          tx.create(ObsUnitSchema, {
            name: entry.name,
            observingProgram: program,
            subObservingProgram: subProgram,
            source,
            obsMode,
            lineId: entry.line ?? null,
            priority: entry.priority ?? 0,
            available: entry.available ?? true,
          });
        }
      }
    }
    if (!opts.dryRun) await tx.flush();
  });
  return result;
}
