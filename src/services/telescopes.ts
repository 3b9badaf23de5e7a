import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { TelescopeSchema, type Telescope } from '../../entities/index.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { numberText } from '../validation/typed-text.js';
import { findObservatory } from './observatories.js';

export interface TelescopeView {
  name: string;
  observatory: string;
  description: string | null;
  /** Degrees. */
  latitude: number | null;
  /** Degrees. */
  longitude: number | null;
  /** Metres. */
  altitude: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TelescopeDetail extends TelescopeView {
  instruments: { name: string; type: string; available: boolean; modules: string[] }[];
}

/** The rule of each field, for the service and for the prompts that ask for them; numbers may be given as text. */
export const telescopeFields = {
  name: fields.name,
  observatory: fields.name,
  description: fields.text,
  latitude: numberText(fields.latitudeDeg),
  longitude: numberText(fields.longitudeDeg),
  altitude: numberText(fields.altitudeM),
};

const Position = {
  description: telescopeFields.description.optional(),
  latitude: telescopeFields.latitude.optional(),
  longitude: telescopeFields.longitude.optional(),
  altitude: telescopeFields.altitude.optional(),
};
const AddInput = z.object({ name: fields.name, observatory: fields.name, ...Position });
const UpdateInput = z.object({ newName: fields.name.optional(), observatory: fields.name.optional(), ...Position });

export type NewTelescope = z.input<typeof AddInput>;
export type TelescopeChanges = z.input<typeof UpdateInput>;
/** Flag names for the fields, so validation errors name what the user typed. */
export const TELESCOPE_FLAGS: Record<string, string> = {
  newName: 'new-name',
};
const flagOf = (field: string) => TELESCOPE_FLAGS[field] ?? field;

/** The view's position fields as the entity's columns (`latitude` is `latitudeDeg`…). */
function positionColumns(p: { latitude?: number; longitude?: number; altitude?: number }) {
  return { latitudeDeg: p.latitude, longitudeDeg: p.longitude, altitudeM: p.altitude };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function view(t: Telescope): TelescopeView {
  return {
    name: t.name,
    observatory: t.observatory.unwrap().name,
    description: t.description ?? null,
    latitude: num(t.latitudeDeg),
    longitude: num(t.longitudeDeg),
    altitude: num(t.altitudeM),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** Every telescope's name, in name order (the choices prompts offer). */
export async function telescopeNames(em: EntityManager): Promise<string[]> {
  return (await em.find(TelescopeSchema, {}, { fields: ['name'], orderBy: { name: 'asc' } })).map((t) => t.name);
}

/** The telescope of that name (with its observatory loaded), or exit 4 with the nearest name. */
export async function findTelescope(em: EntityManager, name: string): Promise<Telescope> {
  const found = await em.findOne(TelescopeSchema, { name }, { populate: ['observatory'] });
  if (found) return found;
  throw notFound('telescope', name, await telescopeNames(em), 'telescope list');
}

/** Registers a telescope under an observatory; idempotent, conflicts point to `update`. */
export async function addTelescope(
  em: EntityManager,
  input: NewTelescope,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<TelescopeView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const observatory = await findObservatory(tx, data.observatory);
    const { name, ...wanted } = data;
    return addOrKeep(tx, {
      existing: await tx.findOne(TelescopeSchema, { name }, { populate: ['observatory'] }),
      view,
      wanted,
      create: () => {
        const { latitude, longitude, altitude, ...rest } = wanted;
        return tx.create(TelescopeSchema, {
          ...rest,
          ...positionColumns({ latitude, longitude, altitude }),
          name,
          observatory,
        });
      },
      dryRun: opts.dryRun,
      label: `telescope '${name}'`,
      updateCommand: `ccat-ops telescope update '${name}'`,
    });
  });
}

/** Changes a telescope; shows before and after. */
export async function updateTelescope(
  em: EntityManager,
  name: string,
  input: TelescopeChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<TelescopeView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const t = await findTelescope(tx, name);
    const observatory = data.observatory ? await findObservatory(tx, data.observatory) : undefined;
    const { newName, ...rest } = data;
    return applyUpdate(tx, {
      entity: t,
      view,
      wanted: { ...rest, name: newName },
      apply: () => {
        const { observatory: _name, latitude, longitude, altitude, ...scalars } = rest;
        const given = Object.fromEntries(
          Object.entries({
            ...scalars,
            ...positionColumns({ latitude, longitude, altitude }),
            name: newName,
          }).filter(([, v]) => v !== undefined),
        );
        tx.assign(t, observatory ? { ...given, observatory } : given);
      },
      dryRun: opts.dryRun,
    });
  });
}
