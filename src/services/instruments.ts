import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { InstrumentSchema, type Instrument } from '../../entities/index.js';
import { Conflict, UsageError } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { findTelescope } from './telescopes.js';

export interface InstrumentView {
  name: string;
  telescope: string;
  type: string;
  description: string | null;
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface InstrumentDetail extends InstrumentView {
  modules: {
    name: string;
    pixels: number | null;
    freqMin: number | null;
    freqMax: number | null;
    available: boolean;
  }[];
}

const instrumentType = fields.shortName;
/** The rule of each field, for the service and for the prompts that ask for them. */
export const instrumentFields = {
  name: fields.name,
  telescope: fields.name,
  type: instrumentType,
  description: fields.text,
};
const AddInput = z.object({
  name: instrumentFields.name,
  telescope: instrumentFields.telescope,
  type: instrumentFields.type,
  description: instrumentFields.description.optional(),
  available: z.boolean().optional(),
});
const UpdateInput = z.object({
  newName: fields.name.optional(),
  type: instrumentType.optional(),
  description: fields.text.optional(),
});

export type NewInstrument = z.input<typeof AddInput>;
export type InstrumentChanges = z.input<typeof UpdateInput>;
/** Flag names for the fields, so validation errors name what the user typed. */
export const INSTRUMENT_FLAGS: Record<string, string> = { newName: 'new-name' };
const flagOf = (field: string) => INSTRUMENT_FLAGS[field] ?? field;

function view(i: Instrument): InstrumentView {
  return {
    name: i.name,
    telescope: i.telescope.unwrap().name,
    type: i.instrumentType,
    description: i.description ?? null,
    available: i.available,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** `instrument 'CHAI' on FYST`, for messages. */
export function instrumentLabel(i: { name: string; telescope: string }): string {
  return `instrument '${i.name}' on ${i.telescope}`;
}

/**
 * The outcome of `set-available` for people: "Marked instrument 'CHAI' on FYST unavailable.", or
 * "... is already available: nothing changed." (a shared helper of instrument and module).
 */
export function describeAvailability(result: WriteResult<{ available: boolean }>, label: string): string {
  const state = (available: boolean) => (available ? 'available' : 'unavailable');
  switch (result.status) {
    case 'updated':
      return `Marked ${label} ${state(result.item.available)}.`;
    case 'would-update':
      return `Would mark ${label} ${state(result.item.available)} (dry run: nothing written).`;
    default:
      return `${label[0].toUpperCase()}${label.slice(1)} is already ${state(result.item.available)}: nothing changed.`;
  }
}

const unique = (names: string[]) => [...new Set(names)].sort();

/**
 * The names of the instruments, of one telescope when given (exit 4 when it is unknown), in name
 * order and each once (the choices prompts offer).
 */
export async function instrumentNames(em: EntityManager, telescope?: string): Promise<string[]> {
  const where = telescope === undefined ? {} : { telescope: await findTelescope(em, telescope) };
  const found = await em.find(InstrumentSchema, where, { fields: ['name'], orderBy: { name: 'asc' } });
  return [...new Set(found.map((i) => i.name))];
}

/**
 * The instrument of that name (with its telescope loaded). Without a telescope the name must be
 * unique across telescopes (exit 2 asking for --telescope otherwise); unknown: exit 4 with the
 * nearest name.
 */
export async function findInstrument(em: EntityManager, name: string, telescope?: string): Promise<Instrument> {
  const t = telescope === undefined ? undefined : await findTelescope(em, telescope);
  const found = await em.find(InstrumentSchema, t ? { name, telescope: t } : { name }, {
    populate: ['telescope'],
    orderBy: { telescope: { name: 'asc' } },
  });
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const on = found.map((i) => i.telescope.unwrap().name);
    throw new UsageError(
      `instrument '${name}' is on several telescopes (${on.join(', ')}); say which with --telescope`,
      [`add --telescope '${on[0]}'`],
    );
  }
  const all = await em.find(InstrumentSchema, t ? { telescope: t } : {}, { fields: ['name'] });
  throw notFound(
    t ? `instrument on ${t.name} named` : 'instrument',
    name,
    unique(all.map((i) => i.name)),
    t ? `instrument list --telescope '${t.name}'` : 'instrument list',
  );
}

/**
 * The telescopes an instrument of that name is on (more than one when the name is reused), so a
 * given instrument settles the telescope; exit 4 with the nearest name when there is none.
 */
export async function instrumentTelescopes(em: EntityManager, name: string): Promise<string[]> {
  const found = await em.find(
    InstrumentSchema,
    { name },
    { populate: ['telescope'], orderBy: { telescope: { name: 'asc' } } },
  );
  if (!found.length) await findInstrument(em, name); // throws the not-found
  return found.map((i) => i.telescope.unwrap().name);
}

/** Registers an instrument on a telescope; idempotent, conflicts point to `update`. */
export async function addInstrument(
  em: EntityManager,
  input: NewInstrument,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<InstrumentView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const telescope = await findTelescope(tx, data.telescope);
    const { name, telescope: _t, type, ...rest } = data;
    const label = instrumentLabel({ name, telescope: telescope.name });
    return addOrKeep(tx, {
      existing: await tx.findOne(InstrumentSchema, { name, telescope }, { populate: ['telescope'] }),
      view,
      wanted: { type, ...rest },
      create: () =>
        tx.create(InstrumentSchema, {
          name,
          telescope,
          instrumentType: type,
          description: rest.description,
          available: rest.available ?? true,
        }),
      dryRun: opts.dryRun,
      label,
      updateCommand: `ccat-ops instrument update '${name}' --telescope '${telescope.name}'`,
    });
  });
}

/** Changes an instrument's name, type or description; shows before and after. */
export async function updateInstrument(
  em: EntityManager,
  key: { name: string; telescope?: string },
  input: InstrumentChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<InstrumentView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const i = await findInstrument(tx, key.name, key.telescope);
    if (data.newName !== undefined && data.newName !== i.name) {
      const clash = await tx.count(InstrumentSchema, { name: data.newName, telescope: i.telescope });
      if (clash) {
        throw new Conflict(`${instrumentLabel({ name: data.newName, telescope: i.telescope.unwrap().name })} exists`, [
          'choose another --new-name',
        ]);
      }
    }
    return applyUpdate(tx, {
      entity: i,
      view,
      wanted: { name: data.newName, type: data.type, description: data.description },
      apply: () => {
        const given = { name: data.newName, instrumentType: data.type, description: data.description };
        tx.assign(i, Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
      },
      dryRun: opts.dryRun,
    });
  });
}

/** Marks an instrument available or not; the same state again is a no-op. */
export async function setInstrumentAvailable(
  em: EntityManager,
  key: { name: string; telescope?: string },
  available: boolean,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<InstrumentView>> {
  return registryTransaction(em, async (tx) => {
    const i = await findInstrument(tx, key.name, key.telescope);
    return applyUpdate(tx, {
      entity: i,
      view,
      wanted: { available },
      apply: () => void tx.assign(i, { available }),
      dryRun: opts.dryRun,
    });
  });
}
