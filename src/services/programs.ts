import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  ObservingProgramSchema,
  SubObservingProgramSchema,
  type ObservingProgram,
  type SubObservingProgram,
} from '../../entities/index.js';
import { parseRow, readRows, refuseDuplicates, rowConflict, rowError, type ImportResult } from '../import/read-rows.js';
import { NotFound } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import { diffFields, type WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';

export interface ProgramView {
  shortName: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubProgramView {
  program: string;
  shortName: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProgramDetail extends ProgramView {
  subPrograms: { shortName: string; name: string }[];
  obsUnitCount: number;
}

/** The rule of each field, for the service and for the prompts that ask for them. */
export const programFields = { shortName: fields.shortName, name: fields.name, description: fields.text };

const AddInput = z.object({ shortName: fields.shortName, name: fields.name, description: fields.text.optional() });
const UpdateInput = z.object({
  newShortName: fields.shortName.optional(),
  name: fields.name.optional(),
  description: fields.text.optional(),
});
const SubInput = z.object({ program: fields.shortName, shortName: fields.shortName, name: fields.name });

export type NewProgram = z.input<typeof AddInput>;
export type ProgramChanges = z.input<typeof UpdateInput>;
export type NewSubProgram = z.input<typeof SubInput>;

/** The columns (YAML keys) of a programme import file: the shape of data/observing_programs.yaml. */
export const PROGRAM_IMPORT_FIELDS = ['short_name', 'name', 'description', 'sub_programs'] as const;
const ImportRowSchema = z
  .object({
    short_name: fields.shortName,
    name: fields.name,
    description: fields.text.nullish(),
    sub_programs: z
      .array(z.object({ short_name: fields.shortName, name: fields.name }).strict())
      .nullish()
      .transform((v) => v ?? []),
  })
  .strict();

function view(p: ObservingProgram): ProgramView {
  return {
    shortName: p.shortName,
    name: p.name,
    description: p.description ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function subView(s: SubObservingProgram): SubProgramView {
  return {
    program: s.observingProgram.unwrap().shortName,
    shortName: s.shortName,
    name: s.name,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

const flagOf = (field: string) =>
  ({ shortName: 'short-name', newShortName: 'new-short-name' })[field] ??
  field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every programme's short name, in order (the choices prompts offer). */
export async function programNames(em: EntityManager): Promise<string[]> {
  return (await em.find(ObservingProgramSchema, {}, { fields: ['shortName'], orderBy: { shortName: 'asc' } })).map(
    (p) => p.shortName,
  );
}

/** The programme of that short name, or exit 4 with the nearest one. */
export async function findProgram(em: EntityManager, shortName: string): Promise<ObservingProgram> {
  const found = await em.findOne(ObservingProgramSchema, { shortName });
  if (found) return found;
  throw notFound('program', shortName, await programNames(em), 'program list');
}

/** The sub-programme of that short name within a programme, or exit 4 with the nearest one. */
export async function findSubProgram(
  em: EntityManager,
  program: ObservingProgram,
  shortName: string,
): Promise<SubObservingProgram> {
  const found = await em.findOne(
    SubObservingProgramSchema,
    { observingProgram: program, shortName },
    { populate: ['observingProgram'] },
  );
  if (found) return found;
  const all = await em.find(SubObservingProgramSchema, { observingProgram: program }, { fields: ['shortName'] });
  const err = notFound(
    'sub-program',
    shortName,
    all.map((s) => s.shortName),
    `program show '${program.shortName}'`,
  );
  const where = `no sub-program '${shortName}' in program '${program.shortName}'`;
  throw new NotFound(err.message.replace(`no sub-program '${shortName}'`, where), err.actions);
}

/** Registers an observing programme; idempotent, conflicts point to `update`. */
export async function addProgram(
  em: EntityManager,
  input: NewProgram,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ProgramView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const { shortName, ...wanted } = data;
    return addOrKeep(tx, {
      existing: await tx.findOne(ObservingProgramSchema, { shortName }),
      view,
      wanted,
      create: () => tx.create(ObservingProgramSchema, { shortName, name: data.name, description: data.description }),
      dryRun: opts.dryRun,
      label: `program '${shortName}'`,
      updateCommand: `ccat-ops program update '${shortName}'`,
    });
  });
}

/** Changes a programme's short name, name or description; shows before and after. */
export async function updateProgram(
  em: EntityManager,
  shortName: string,
  input: ProgramChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ProgramView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const p = await findProgram(tx, shortName);
    const wanted = { shortName: data.newShortName, name: data.name, description: data.description };
    return applyUpdate(tx, {
      entity: p,
      view,
      wanted,
      apply: () => void tx.assign(p, Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined))),
      dryRun: opts.dryRun,
    });
  });
}

/** Adds a sub-programme to a programme; idempotent, conflicts point to `update-sub`. */
export async function addSubProgram(
  em: EntityManager,
  input: NewSubProgram,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<SubProgramView>> {
  const data = validateInput(SubInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const program = await findProgram(tx, data.program);
    return addOrKeep(tx, {
      existing: await tx.findOne(
        SubObservingProgramSchema,
        { observingProgram: program, shortName: data.shortName },
        { populate: ['observingProgram'] },
      ),
      view: subView,
      wanted: { name: data.name },
      create: () =>
        tx.create(SubObservingProgramSchema, {
          observingProgram: program,
          shortName: data.shortName,
          name: data.name,
        }),
      dryRun: opts.dryRun,
      label: `sub-program '${data.shortName}' of program '${program.shortName}'`,
      updateCommand: `ccat-ops program update-sub '${program.shortName}' '${data.shortName}'`,
    });
  });
}

/** Renames a sub-programme or changes its name. */
export async function updateSubProgram(
  em: EntityManager,
  program: string,
  shortName: string,
  input: { newShortName?: string; name?: string },
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<SubProgramView>> {
  const data = validateInput(UpdateInput.omit({ description: true }), input, flagOf);
  return registryTransaction(em, async (tx) => {
    const s = await findSubProgram(tx, await findProgram(tx, program), shortName);
    const wanted = { shortName: data.newShortName, name: data.name };
    return applyUpdate(tx, {
      entity: s,
      view: subView,
      wanted,
      apply: () => void tx.assign(s, Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined))),
      dryRun: opts.dryRun,
    });
  });
}

/**
 * Imports a YAML list of programmes (optionally with `sub_programs`), all or nothing in one
 * transaction: a bad entry rejects the file. What exists with the same values is left alone.
 */
export async function importPrograms(
  em: EntityManager,
  file: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const rows = readRows(file, { formats: ['yaml'], columns: PROGRAM_IMPORT_FIELDS });
  const entries = rows.map((r) => ({ row: r.row, entry: parseRow(ImportRowSchema, file, r) }));
  refuseDuplicates(
    file,
    entries.map((e) => ({ row: e.row, key: e.entry.short_name })),
  );
  for (const e of entries) {
    const seen = new Set<string>();
    for (const s of e.entry.sub_programs) {
      if (seen.has(s.short_name)) {
        throw rowError(file, e.row, e.entry.short_name, 'sub_programs', `'${s.short_name}' is listed twice`);
      }
      seen.add(s.short_name);
    }
  }
  const result: ImportResult = { file, dryRun: Boolean(opts.dryRun), created: [], present: [] };
  await registryTransaction(em, async (tx) => {
    for (const { row, entry } of entries) {
      const key = entry.short_name;
      let program = await tx.findOne(ObservingProgramSchema, { shortName: key });
      if (program) {
        const changes = diffFields(view(program) as unknown as Record<string, unknown>, {
          name: entry.name,
          description: entry.description ?? undefined,
        });
        if (changes.length) throw rowConflict(file, row, key, changes, `ccat-ops program update '${key}'`);
        result.present.push(key);
      } else {
        result.created.push(key);
        program = opts.dryRun
          ? null
          : tx.create(ObservingProgramSchema, { shortName: key, name: entry.name, description: entry.description });
      }
      for (const sub of entry.sub_programs) {
        const subKey = `${key}/${sub.short_name}`;
        const existing =
          program && program.id !== undefined
            ? await tx.findOne(SubObservingProgramSchema, { observingProgram: program, shortName: sub.short_name })
            : null;
        if (existing) {
          if (existing.name !== sub.name) {
            throw rowConflict(
              file,
              row,
              key,
              [{ field: `sub_programs.${sub.short_name}.name`, before: existing.name, after: sub.name }],
              `ccat-ops program update-sub '${key}' '${sub.short_name}'`,
            );
          }
          result.present.push(subKey);
        } else {
          result.created.push(subKey);
          if (program && !opts.dryRun)
            tx.create(SubObservingProgramSchema, {
              observingProgram: program,
              shortName: sub.short_name,
              name: sub.name,
            });
        }
      }
    }
    if (!opts.dryRun) await tx.flush();
  });
  return result;
}
