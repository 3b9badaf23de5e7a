import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ObservatorySchema, type Observatory } from '../../entities/index.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';

export interface ObservatoryView {
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ObservatoryDetail extends ObservatoryView {
  telescopes: string[];
}

/** The rule of each field, for the service and for the prompts that ask for them. */
export const observatoryFields = { name: fields.name, description: fields.text };

const AddInput = z.object({ name: fields.name, description: fields.text.optional() });
const UpdateInput = z.object({ newName: fields.name.optional(), description: fields.text.optional() });

export type NewObservatory = z.input<typeof AddInput>;
export type ObservatoryChanges = z.input<typeof UpdateInput>;

function view(o: Observatory): ObservatoryView {
  return { name: o.name, description: o.description ?? null, createdAt: o.createdAt, updatedAt: o.updatedAt };
}

/** Every observatory's name, in name order (the choices prompts offer). */
export async function observatoryNames(em: EntityManager): Promise<string[]> {
  return (await em.find(ObservatorySchema, {}, { fields: ['name'], orderBy: { name: 'asc' } })).map((o) => o.name);
}

/** The observatory of that name, or exit 4 with the nearest name. */
export async function findObservatory(em: EntityManager, name: string): Promise<Observatory> {
  const found = await em.findOne(ObservatorySchema, { name });
  if (found) return found;
  throw notFound('observatory', name, await observatoryNames(em), 'observatory list');
}

/** Registers an observatory; the same again is a no-op, different values are a conflict. */
export async function addObservatory(
  em: EntityManager,
  input: NewObservatory,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ObservatoryView>> {
  const data = validateInput(AddInput, input);
  return registryTransaction(em, async (tx) =>
    addOrKeep(tx, {
      existing: await tx.findOne(ObservatorySchema, { name: data.name }),
      view,
      wanted: { description: data.description },
      create: () => tx.create(ObservatorySchema, { name: data.name, description: data.description }),
      dryRun: opts.dryRun,
      label: `observatory '${data.name}'`,
      updateCommand: `ccat-ops observatory update '${data.name}'`,
    }),
  );
}

/** Changes an observatory's name or description; shows before and after. */
export async function updateObservatory(
  em: EntityManager,
  name: string,
  input: ObservatoryChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<ObservatoryView>> {
  const data = validateInput(UpdateInput, input);
  return registryTransaction(em, async (tx) => {
    const o = await findObservatory(tx, name);
    return applyUpdate(tx, {
      entity: o,
      view,
      wanted: { name: data.newName, description: data.description },
      apply: () => void tx.assign(o, { name: data.newName ?? o.name, description: data.description ?? o.description }),
      dryRun: opts.dryRun,
    });
  });
}
