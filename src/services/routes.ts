import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  DataTransferRouteSchema,
  DataTransferSchema,
  RouteType,
  TransferMethod,
  type DataLocation,
  type DataTransferRoute,
  type Site,
} from '../../entities/index.js';
import { Conflict, UsageError } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { findLocation, locationKey } from './locations.js';
import { findSite, siteShortName } from './sites.js';

export interface RouteView {
  name: string;
  from: string;
  to: string;
  type: RouteType;
  method: TransferMethod;
  relay: string | null;
  fromLocation: string | null;
  toLocation: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const ROUTE_TYPES = Object.values(RouteType);
export const TRANSFER_METHODS = Object.values(TransferMethod);

/** Field rules shared by add and update (and fit for the seed's `data_transfer_routes`). */
export const routeFields = {
  name: fields.name,
  site: siteShortName,
  type: z.enum(RouteType),
  method: z.enum(TransferMethod),
  /** A location address, `SITE/NAME` (or `NAME` at the route's own end). */
  location: fields.name,
  active: z.boolean(),
};

interface RouteShape {
  from: string;
  to: string;
  type: RouteType;
  relay?: string | null;
}

/**
 * The route rule (the same as the database's check constraints, and a little more): origin and
 * destination differ; a relay route names its relay site, other routes do not; the relay is a
 * third site. `given` is what the operator passed; `row` is the resulting route.
 */
export function routeIssues(row: RouteShape, given: Partial<RouteShape> = row): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (row.from === row.to) issues.push({ field: 'to', message: `must differ from --from (both are '${row.from}')` });
  if (row.type === RouteType.RELAY && !row.relay)
    issues.push({ field: 'relay', message: 'is required for a relay route' });
  if (row.type !== RouteType.RELAY && given.relay)
    issues.push({ field: 'relay', message: `only applies to relay routes (this one is ${row.type})` });
  if (row.relay && (row.relay === row.from || row.relay === row.to))
    issues.push({ field: 'relay', message: 'must be a third site, not the origin or the destination' });
  return issues;
}

const o = <T extends z.ZodType>(t: T) => t.optional();
const AddInput = z
  .object({
    name: routeFields.name,
    from: routeFields.site,
    to: routeFields.site,
    type: routeFields.type,
    method: routeFields.method,
    relay: o(routeFields.site),
    fromLocation: o(routeFields.location),
    toLocation: o(routeFields.location),
    active: o(routeFields.active),
  })
  .superRefine((r, ctx) => {
    for (const issue of routeIssues(r)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
const UpdateInput = z.object({
  newName: o(routeFields.name),
  from: o(routeFields.site),
  to: o(routeFields.site),
  type: o(routeFields.type),
  method: o(routeFields.method),
  relay: o(routeFields.site),
  fromLocation: o(routeFields.location),
  toLocation: o(routeFields.location),
});

export type NewRoute = z.input<typeof AddInput>;
export type RouteChanges = z.input<typeof UpdateInput>;
/** Flag names for the fields, so validation errors name what the user typed. */
export const ROUTE_FLAGS: Record<string, string> = {
  fromLocation: 'from-location',
  toLocation: 'to-location',
  newName: 'new-name',
};
const flagOf = (field: string) => ROUTE_FLAGS[field] ?? field;

const POPULATE = [
  'originSite',
  'destinationSite',
  'relaySite',
  'originLocation.site',
  'destinationLocation.site',
] as const;

export function routeView(r: DataTransferRoute): RouteView {
  const loc = (l: { unwrap(): DataLocation } | null | undefined) => (l ? locationKey(l.unwrap()) : null);
  return {
    name: r.name,
    from: r.originSite.unwrap().shortName,
    to: r.destinationSite.unwrap().shortName,
    type: r.routeType,
    method: r.method,
    relay: r.relaySite ? r.relaySite.unwrap().shortName : null,
    fromLocation: loc(r.originLocation),
    toLocation: loc(r.destinationLocation),
    active: r.active,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** The route of that name (with its sites and locations loaded), or exit 4 with the nearest name. */
export async function findRoute(em: EntityManager, name: string): Promise<DataTransferRoute> {
  const found = await em.findOne(DataTransferRouteSchema, { name }, { populate: POPULATE });
  if (found) return found;
  const all = await em.find(DataTransferRouteSchema, {}, { fields: ['name'] });
  throw notFound(
    'route',
    name,
    all.map((r) => r.name),
    'route list',
  );
}

/**
 * A route end's location: `SITE/NAME`, or a bare `NAME` at the end's own site. It must be at that
 * site (exit 2 otherwise); unknown locations exit 4.
 */
/**
 * A custom route goes between two named locations (the database's
 * `data_transfer_route_custom_names_locations`); checked once the given locations are found, so an
 * unknown or misplaced one is reported as such first.
 */
function requireCustomLocations(routeType: RouteType, origin: unknown, destination: unknown): void {
  if (routeType !== RouteType.CUSTOM || (origin && destination)) return;
  const missing = [origin ? null : '--from-location', destination ? null : '--to-location'].filter(Boolean);
  throw new UsageError(`${missing.join(' and ')}: required for a custom route (the locations it goes between)`, [
    'name the locations as SITE/NAME, e.g. --from-location cologne/lta --to-location us/lta',
  ]);
}

async function endLocation(em: EntityManager, address: string, site: Site, flag: string): Promise<DataLocation> {
  const key = address.includes('/') ? address : `${site.shortName}/${address}`;
  const location = await findLocation(em, key, flag);
  if (location.site.id !== site.id) {
    throw new UsageError(`--${flag}: '${key}' is not at site '${site.shortName}'`);
  }
  return location;
}

/** Registers a transfer route between two sites; idempotent, conflicts point to `update`. */
export async function addRoute(
  em: EntityManager,
  input: NewRoute,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<RouteView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const originSite = await findSite(tx, data.from);
    const destinationSite = await findSite(tx, data.to);
    const relaySite = data.relay ? await findSite(tx, data.relay) : undefined;
    const originLocation = data.fromLocation
      ? await endLocation(tx, data.fromLocation, originSite, 'from-location')
      : undefined;
    const destinationLocation = data.toLocation
      ? await endLocation(tx, data.toLocation, destinationSite, 'to-location')
      : undefined;
    requireCustomLocations(data.type, originLocation, destinationLocation);
    const { name } = data;
    const wanted = {
      from: data.from,
      to: data.to,
      type: data.type,
      method: data.method,
      relay: data.relay,
      fromLocation: originLocation ? locationKey(originLocation) : undefined,
      toLocation: destinationLocation ? locationKey(destinationLocation) : undefined,
      active: data.active,
    };
    return addOrKeep(tx, {
      existing: await tx.findOne(DataTransferRouteSchema, { name }, { populate: POPULATE }),
      view: routeView,
      wanted,
      create: () =>
        tx.create(DataTransferRouteSchema, {
          name,
          originSite,
          destinationSite,
          routeType: data.type,
          method: data.method,
          relaySite: relaySite ?? null,
          originLocation: originLocation ?? null,
          destinationLocation: destinationLocation ?? null,
          active: data.active ?? true,
        }),
      dryRun: opts.dryRun,
      label: `route '${name}'`,
      updateCommand: `ccat-ops route update '${name}'`,
    });
  });
}

/**
 * Changes a route; the route rule is checked on the result. A route that stops being a relay route
 * loses its relay site (shown among the changes).
 */
export async function updateRoute(
  em: EntityManager,
  name: string,
  input: RouteChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<RouteView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const r = await findRoute(tx, name);
    const before = routeView(r);
    const routeType = data.type ?? before.type;
    const merged = {
      from: data.from ?? before.from,
      to: data.to ?? before.to,
      type: routeType,
      // A relay site goes only when the route stops being a relay route; one left on a direct route
      // by another writer stays unless the type is given (nothing else changes the path).
      relay: data.relay ?? (routeType === RouteType.RELAY || data.type === undefined ? before.relay : null),
    };
    const issue = routeIssues(merged, data)[0];
    if (issue) throw new UsageError(`--${flagOf(issue.field)}: ${issue.message}`);
    if (data.newName !== undefined && data.newName !== r.name) {
      if (await tx.findOne(DataTransferRouteSchema, { name: data.newName }))
        throw new UsageError(`--new-name: there is already a route '${data.newName}'`);
    }
    const originSite = await findSite(tx, merged.from);
    const destinationSite = await findSite(tx, merged.to);
    const relaySite = merged.relay ? await findSite(tx, merged.relay) : null;
    // A location kept from before must still be at its end's site.
    const fromAddress = data.fromLocation ?? before.fromLocation;
    const toAddress = data.toLocation ?? before.toLocation;
    const originLocation = fromAddress ? await endLocation(tx, fromAddress, originSite, 'from-location') : null;
    const destinationLocation = toAddress ? await endLocation(tx, toAddress, destinationSite, 'to-location') : null;
    requireCustomLocations(routeType, originLocation, destinationLocation);
    const pathChanged =
      originSite.id !== r.originSite.id ||
      destinationSite.id !== r.destinationSite.id ||
      (relaySite?.id ?? null) !== (r.relaySite?.id ?? null) ||
      routeType !== r.routeType ||
      (originLocation?.id ?? null) !== (r.originLocation?.id ?? null) ||
      (destinationLocation?.id ?? null) !== (r.destinationLocation?.id ?? null);
    if (pathChanged) await requireNoTransfers(tx, r);
    return applyUpdate(tx, {
      entity: r,
      view: routeView,
      wanted: {
        name: data.newName,
        from: merged.from,
        to: merged.to,
        type: routeType,
        method: data.method,
        relay: merged.relay,
        fromLocation: originLocation ? locationKey(originLocation) : null,
        toLocation: destinationLocation ? locationKey(destinationLocation) : null,
      },
      apply: () =>
        void tx.assign(r, {
          name: data.newName ?? r.name,
          method: data.method ?? r.method,
          routeType,
          originSite,
          destinationSite,
          relaySite,
          originLocation,
          destinationLocation,
        }),
      dryRun: opts.dryRun,
    });
  });
}

/**
 * A route that transfers went by keeps its sites, type and locations (the database's
 * `data_transfer_route_ends_fixed_once_used`); said here first with what to do instead.
 */
async function requireNoTransfers(em: EntityManager, r: DataTransferRoute): Promise<void> {
  if (!(await em.findOne(DataTransferSchema, { route: r }, { fields: ['id'] }))) return;
  throw new Conflict(`route '${r.name}' has transfers, so its sites, type and locations stay as they are`, [
    `add a route for the new path (\`ccat-ops route add\`) and set this one inactive (\`ccat-ops route set-active '${r.name}' false\`)`,
  ]);
}

/** Switches a route on or off; doing what is already so is a no-op. */
export async function setRouteActive(
  em: EntityManager,
  name: string,
  active: boolean,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<RouteView>> {
  return registryTransaction(em, async (tx) => {
    const r = await findRoute(tx, name);
    return applyUpdate(tx, {
      entity: r,
      view: routeView,
      wanted: { active },
      apply: () => void tx.assign(r, { active }),
      dryRun: opts.dryRun,
    });
  });
}
