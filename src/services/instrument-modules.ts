import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { InstrumentModuleSchema, type InstrumentModule } from '../../entities/index.js';
import { Conflict, UsageError } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { INT4_MAX } from '../validation/ranges.js';
import { numberText } from '../validation/typed-text.js';
import { findInstrument } from './instruments.js';
import { findTelescope } from './telescopes.js';

export interface ModuleView {
  name: string;
  instrument: string;
  telescope: string;
  description: string | null;
  pixels: number | null;
  freqMin: number | null;
  freqMax: number | null;
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Which module: its name, and the instrument (and telescope) when the name alone is ambiguous. */
export interface ModuleKey {
  name: string;
  instrument?: string;
  telescope?: string;
}

// Not `.int()`: zod reports that as invalid_type, which validateInput would word as "is required".
const pixels = fields.integerIn(1, INT4_MAX);
const frequency = z.number().min(0, 'must not be negative').max(100_000, 'must be at most 100000 GHz');
const ABOVE = 'must not be above --freq-max';

/** The rule of each field, for the service and for the prompts that ask for them; numbers may be given as text. */
export const moduleFields = {
  name: fields.name,
  instrument: fields.name,
  telescope: fields.name,
  description: fields.text,
  pixels: numberText(pixels),
  freqMin: numberText(frequency),
  freqMax: numberText(frequency),
};

const Properties = {
  description: moduleFields.description.optional(),
  pixels: moduleFields.pixels.optional(),
  freqMin: moduleFields.freqMin.optional(),
  freqMax: moduleFields.freqMax.optional(),
  available: z.boolean().optional(),
};
const AddInput = z
  .object({ name: fields.name, instrument: fields.name, telescope: fields.name.optional(), ...Properties })
  .refine((m) => m.freqMin === undefined || m.freqMax === undefined || m.freqMin <= m.freqMax, {
    message: ABOVE,
    path: ['freqMin'],
  });
const { available: _available, ...Changeable } = Properties;
const UpdateInput = z
  .object({ newName: fields.name.optional(), ...Changeable })
  .refine((m) => m.freqMin === undefined || m.freqMax === undefined || m.freqMin <= m.freqMax, {
    message: ABOVE,
    path: ['freqMin'],
  });

export type NewModule = z.input<typeof AddInput>;
export type ModuleChanges = z.input<typeof UpdateInput>;
/** Flag names for the fields, so validation errors name what the user typed. */
export const MODULE_FLAGS: Record<string, string> = {
  newName: 'new-name',
  freqMin: 'freq-min',
  freqMax: 'freq-max',
};
const flagOf = (field: string) => MODULE_FLAGS[field] ?? field;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function view(m: InstrumentModule): ModuleView {
  const instrument = m.instrument.unwrap();
  return {
    name: m.name,
    instrument: instrument.name,
    telescope: instrument.telescope.unwrap().name,
    description: m.description ?? null,
    pixels: m.pixels ?? null,
    freqMin: num(m.freqMinGhz),
    freqMax: num(m.freqMaxGhz),
    available: m.available,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** Fields as the entity's columns: the frequencies are `freqMinGhz`, `freqMaxGhz` there. */
function entityColumns<F extends { freqMin?: number; freqMax?: number }>(f: F) {
  const { freqMin, freqMax, ...rest } = f;
  return { ...rest, freqMinGhz: freqMin, freqMaxGhz: freqMax };
}

/** `module 'LFA' of CHAI on FYST`, for messages. */
export function moduleLabel(m: { name: string; instrument: string; telescope: string }): string {
  return `module '${m.name}' of ${m.instrument} on ${m.telescope}`;
}

const POPULATE = ['instrument', 'instrument.telescope'] as const;

/**
 * The module of that name. The instrument (and telescope) narrow it down; when the name is still
 * ambiguous it is exit 2 asking for them; unknown: exit 4 with the nearest name.
 */
export async function findModule(em: EntityManager, key: ModuleKey): Promise<InstrumentModule> {
  let scope: Record<string, unknown> = {};
  if (key.instrument !== undefined) scope = { instrument: await findInstrument(em, key.instrument, key.telescope) };
  else if (key.telescope !== undefined) scope = { instrument: { telescope: await findTelescope(em, key.telescope) } };
  const found = await em.find(
    InstrumentModuleSchema,
    { ...scope, name: key.name },
    { populate: POPULATE, orderBy: { instrument: { telescope: { name: 'asc' }, name: 'asc' } } },
  );
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const where = found.map((m) => `${m.instrument.unwrap().name} on ${m.instrument.unwrap().telescope.unwrap().name}`);
    const first = view(found[0]);
    throw new UsageError(
      `module '${key.name}' belongs to several instruments (${where.join(', ')}); say which with --instrument and --telescope`,
      [`add --instrument '${first.instrument}' --telescope '${first.telescope}'`],
    );
  }
  const all = await em.find(InstrumentModuleSchema, scope, { fields: ['name'] });
  const list = [
    'module list',
    key.telescope && `--telescope '${key.telescope}'`,
    key.instrument && `--instrument '${key.instrument}'`,
  ];
  throw notFound('module', key.name, [...new Set(all.map((m) => m.name))], list.filter(Boolean).join(' '));
}

/** Registers a module of an instrument; idempotent, conflicts point to `update`. */
export async function addModule(
  em: EntityManager,
  input: NewModule,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ModuleView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const instrument = await findInstrument(tx, data.instrument, data.telescope);
    const { name, instrument: _i, telescope: _t, ...wanted } = data;
    const telescope = instrument.telescope.unwrap().name;
    return addOrKeep(tx, {
      existing: await tx.findOne(InstrumentModuleSchema, { name, instrument }, { populate: POPULATE }),
      view,
      wanted,
      create: () =>
        tx.create(InstrumentModuleSchema, {
          ...entityColumns(wanted),
          available: wanted.available ?? true,
          name,
          instrument,
        }),
      dryRun: opts.dryRun,
      label: moduleLabel({ name, instrument: instrument.name, telescope }),
      updateCommand: `ccat-ops module update '${name}' --instrument '${instrument.name}' --telescope '${telescope}'`,
    });
  });
}

/** Changes a module; shows before and after. */
export async function updateModule(
  em: EntityManager,
  key: ModuleKey,
  input: ModuleChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ModuleView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const m = await findModule(tx, key);
    const min = data.freqMin ?? num(m.freqMinGhz);
    const max = data.freqMax ?? num(m.freqMaxGhz);
    if (min !== null && max !== null && min > max) {
      throw new UsageError(
        data.freqMin === undefined
          ? `--freq-max: must not be below the module's lowest frequency (${min} GHz)`
          : data.freqMax === undefined
            ? `--freq-min: must not be above the module's highest frequency (${max} GHz)`
            : `--freq-min: ${ABOVE}`,
      );
    }
    if (data.newName !== undefined && data.newName !== m.name) {
      if (await tx.count(InstrumentModuleSchema, { name: data.newName, instrument: m.instrument })) {
        const v = view(m);
        throw new Conflict(`${moduleLabel({ ...v, name: data.newName })} exists`, ['choose another --new-name']);
      }
    }
    const { newName, ...rest } = data;
    return applyUpdate(tx, {
      entity: m,
      view,
      wanted: { ...rest, name: newName },
      apply: () => {
        tx.assign(
          m,
          Object.fromEntries(
            Object.entries(entityColumns({ ...rest, name: newName })).filter(([, v]) => v !== undefined),
          ),
        );
      },
      dryRun: opts.dryRun,
    });
  });
}

/** Marks a module available or not; the same state again is a no-op. */
export async function setModuleAvailable(
  em: EntityManager,
  key: ModuleKey,
  available: boolean,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ModuleView>> {
  return registryTransaction(em, async (tx) => {
    const m = await findModule(tx, key);
    return applyUpdate(tx, {
      entity: m,
      view,
      wanted: { available },
      apply: () => void tx.assign(m, { available }),
      dryRun: opts.dryRun,
    });
  });
}
