import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { SiteSchema, type Site } from '../../entities/index.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';

export interface SiteView {
  shortName: string;
  name: string;
  description: string | null;
  /** Where the site is on Earth (the `location` column: not a storage location). */
  geographicLocation: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SiteDetail extends SiteView {
  locations: {
    name: string;
    type: string;
    storage: string;
    active: boolean;
    priority: number;
    where: string;
  }[];
  routesOut: SiteRouteSummary[];
  routesIn: SiteRouteSummary[];
  /** Relay routes passing through this site. */
  routesVia: SiteRouteSummary[];
}

export interface SiteRouteSummary {
  name: string;
  from: string;
  to: string;
  type: string;
  method: string;
  active: boolean;
}

/**
 * A site short name: a short name that cannot contain `/`, so a location's address `SITE/NAME`
 * (DESIGN §5.4) is never ambiguous.
 */
export const siteShortName = fields.shortName.regex(/^[^/]*$/, "must not contain '/'");

/** The rule of each field, for the service and for the prompts that ask for them. */
export const siteFields = {
  shortName: siteShortName,
  name: fields.name,
  description: fields.text,
  geographicLocation: fields.name,
};

const AddInput = z.object({
  shortName: siteShortName,
  name: fields.name,
  description: fields.text.optional(),
  geographicLocation: fields.name.optional(),
});
const UpdateInput = z.object({
  newShortName: siteShortName.optional(),
  name: fields.name.optional(),
  description: fields.text.optional(),
  geographicLocation: fields.name.optional(),
});

export type NewSite = z.input<typeof AddInput>;
export type SiteChanges = z.input<typeof UpdateInput>;

function view(s: Site): SiteView {
  return {
    shortName: s.shortName,
    name: s.name,
    description: s.description ?? null,
    geographicLocation: s.geographicLocation ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Every site's short name, in short-name order (the choices prompts offer). */
export async function siteNames(em: EntityManager): Promise<string[]> {
  return (await em.find(SiteSchema, {}, { fields: ['shortName'], orderBy: { shortName: 'asc' } })).map(
    (s) => s.shortName,
  );
}

/** The site of that short name, or exit 4 with the nearest short name. */
export async function findSite(em: EntityManager, shortName: string): Promise<Site> {
  const found = await em.findOne(SiteSchema, { shortName });
  if (found) return found;
  const all = await em.find(SiteSchema, {}, { fields: ['shortName'] });
  throw notFound(
    'site',
    shortName,
    all.map((s) => s.shortName),
    'site list',
  );
}

/** Registers a site; the same again is a no-op, different values are a conflict. */
export async function addSite(
  em: EntityManager,
  input: NewSite,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<SiteView>> {
  const data = validateInput(AddInput, input);
  return registryTransaction(em, async (tx) => {
    const { shortName, ...wanted } = data;
    return addOrKeep(tx, {
      existing: await tx.findOne(SiteSchema, { shortName }),
      view,
      wanted,
      create: () =>
        tx.create(SiteSchema, {
          shortName,
          name: data.name,
          description: data.description,
          geographicLocation: data.geographicLocation,
        }),
      dryRun: opts.dryRun,
      label: `site '${shortName}'`,
      updateCommand: `ccat-ops site update '${shortName}'`,
    });
  });
}

/** Changes a site's short name, name, description or geographic location; shows before and after. */
export async function updateSite(
  em: EntityManager,
  shortName: string,
  input: SiteChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<SiteView>> {
  const data = validateInput(UpdateInput, input);
  return registryTransaction(em, async (tx) => {
    const s = await findSite(tx, shortName);
    const wanted = {
      shortName: data.newShortName,
      name: data.name,
      description: data.description,
      geographicLocation: data.geographicLocation,
    };
    return applyUpdate(tx, {
      entity: s,
      view,
      wanted,
      apply: () =>
        void tx.assign(
          s,
          Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined)) as Partial<SiteView>,
        ),
      dryRun: opts.dryRun,
    });
  });
}
