import { hostname } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DataLocationSchema, LocationType, StorageType, type DataLocation, type Site } from '../../entities/index.js';
import { initMarker, MARKER_FILE } from '../audit/location-marker.js';
import { Conflict, UsageError } from '../errors.js';
import { parseLocationKey } from '../registry/location-key.js';
import { isThisHost } from '../registry/location-where.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { MAX_SIZE_BYTES } from '../validation/size.js';
import { numberText, sizeText } from '../validation/typed-text.js';
import { findSite, siteShortName } from './sites.js';

export interface LocationView {
  site: string;
  name: string;
  type: LocationType;
  storage: StorageType;
  active: boolean;
  priority: number;
  host: string | null;
  rootPath: string | null;
  endpointUrl: string | null;
  bucket: string | null;
  region: string | null;
  credentialsEnv: string | null;
  library: string | null;
  /** Bytes the storage holds when full, if recorded. */
  capacity: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The storage-specific columns and which storage type each belongs to (DESIGN §5.4): disk `host` +
 * `rootPath`; s3 `endpointUrl`, `bucket`, `region`, `credentialsEnv`; tape `library` + `rootPath`.
 */
export const STORAGE_FIELDS = {
  host: [StorageType.DISK],
  rootPath: [StorageType.DISK, StorageType.TAPE],
  endpointUrl: [StorageType.S3],
  bucket: [StorageType.S3],
  region: [StorageType.S3],
  credentialsEnv: [StorageType.S3],
  library: [StorageType.TAPE],
} as const satisfies Record<string, StorageType[]>;

/** What each storage type cannot do without (the same rule as the database's check constraints). */
export const REQUIRED_FOR_STORAGE = {
  [StorageType.DISK]: ['rootPath'],
  [StorageType.S3]: ['bucket'],
  [StorageType.TAPE]: ['library'],
} as const satisfies Record<StorageType, (keyof typeof STORAGE_FIELDS)[]>;

/**
 * Field rules shared by add and update, the prompts that ask for them (numbers and sizes may be
 * given as text), and the seed's `data_locations`.
 */
export const locationFields = {
  name: fields.name,
  type: z.enum(LocationType),
  storage: z.enum(StorageType),
  active: z.boolean(),
  priority: numberText(
    z
      .number()
      .refine(Number.isInteger, 'must be a whole number')
      .min(-1000, 'must be between -1000 and 1000')
      .max(1000, 'must be between -1000 and 1000'),
  ),
  host: fields.name,
  rootPath: fields.name.regex(/^\//, "must be an absolute path (start with '/')"),
  endpointUrl: fields.name.regex(/^https?:\/\/[^\s/]+/i, 'must be an http(s) URL'),
  bucket: fields.name,
  region: fields.shortName,
  credentialsEnv: z
    .string()
    .regex(
      /^[A-Z_][A-Z0-9_]*$/,
      'must be the name of an environment variable (e.g. CCAT_LTA_CREDENTIALS), never a secret',
    )
    .max(255, 'must be at most 255 characters'),
  library: fields.name,
  capacity: sizeText(
    z
      .number()
      .refine(Number.isInteger, 'must be a whole number of bytes')
      .min(0, 'must not be negative')
      .max(MAX_SIZE_BYTES, 'is more than a bigint holds')
      .nullable(),
  ),
};

type StorageValues = Partial<Record<keyof typeof STORAGE_FIELDS, unknown>> & { storage: StorageType };

/**
 * The storage rule: the columns a storage type requires are present (`--root-path: is required for
 * disk storage`), and columns of another storage type are not given (`--bucket: does not apply to
 * disk storage`). `given` is what the operator passed; `row` is the resulting row.
 */
export function storageIssues(
  row: StorageValues,
  given: Partial<StorageValues> = row,
): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  for (const field of REQUIRED_FOR_STORAGE[row.storage]) {
    if (row[field] === undefined || row[field] === null)
      issues.push({ field, message: `is required for ${row.storage} storage` });
  }
  for (const [field, types] of Object.entries(STORAGE_FIELDS) as [keyof typeof STORAGE_FIELDS, StorageType[]][]) {
    if (given[field] !== undefined && !types.includes(row.storage))
      issues.push({ field, message: `does not apply to ${row.storage} storage (only ${types.join(', ')})` });
  }
  return issues;
}

const o = <T extends z.ZodType>(t: T) => t.optional();
const AddInput = z
  .object({
    site: siteShortName,
    name: locationFields.name,
    type: locationFields.type,
    storage: locationFields.storage,
    active: o(locationFields.active),
    priority: o(locationFields.priority),
    host: o(locationFields.host),
    rootPath: o(locationFields.rootPath),
    endpointUrl: o(locationFields.endpointUrl),
    bucket: o(locationFields.bucket),
    region: o(locationFields.region),
    credentialsEnv: o(locationFields.credentialsEnv),
    library: o(locationFields.library),
    capacity: o(locationFields.capacity),
  })
  .superRefine((l, ctx) => {
    for (const issue of storageIssues(l)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
const UpdateInput = z.object({
  newName: o(locationFields.name),
  type: o(locationFields.type),
  storage: o(locationFields.storage),
  priority: o(locationFields.priority),
  host: o(locationFields.host),
  rootPath: o(locationFields.rootPath),
  endpointUrl: o(locationFields.endpointUrl),
  bucket: o(locationFields.bucket),
  region: o(locationFields.region),
  credentialsEnv: o(locationFields.credentialsEnv),
  library: o(locationFields.library),
  capacity: o(locationFields.capacity),
});

export type NewLocation = z.input<typeof AddInput>;
export type LocationChanges = z.input<typeof UpdateInput>;
/** Flag names for the fields, so validation errors name what the user typed. */
export const LOCATION_FLAGS: Record<string, string> = {
  newName: 'new-name',
};
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const flagOf = (field: string) => LOCATION_FLAGS[field] ?? kebab(field);

/** Fields as the entity's columns (`type` is `locationType`, `capacity` is `capacityBytes`…). */
function entityColumns(f: Record<string, unknown>): Record<string, unknown> {
  const { type, storage, capacity, ...rest } = f;
  const out: Record<string, unknown> = { ...rest };
  if (type !== undefined) out.locationType = type;
  if (storage !== undefined) out.storageType = storage;
  if (capacity !== undefined) out.capacityBytes = capacity;
  return out;
}

export function locationView(l: DataLocation): LocationView {
  return {
    site: l.site.unwrap().shortName,
    name: l.name,
    type: l.locationType,
    storage: l.storageType,
    active: l.active,
    priority: l.priority,
    host: l.host ?? null,
    rootPath: l.rootPath ?? null,
    endpointUrl: l.endpointUrl ?? null,
    bucket: l.bucket ?? null,
    region: l.region ?? null,
    credentialsEnv: l.credentialsEnv ?? null,
    library: l.library ?? null,
    capacity: l.capacityBytes ?? null,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

/** `SITE/NAME` of a location, as operators address it. */
export const locationKey = (l: DataLocation) => `${l.site.unwrap().shortName}/${l.name}`;

/**
 * The location `SITE/NAME` (with its site loaded), or exit 4 naming the nearest address. An unknown
 * site is reported as such.
 */
export async function findLocation(em: EntityManager, key: string, flag?: string): Promise<DataLocation> {
  const { site: siteName, name } = parseLocationKey(key, flag);
  const site = await findSite(em, siteName);
  const found = await em.findOne(DataLocationSchema, { site, name }, { populate: ['site'] });
  if (found) return found;
  const all = await em.find(DataLocationSchema, {}, { populate: ['site'] });
  throw notFound('location', key, all.map(locationKey), 'location list');
}

/** Registers a storage location at a site; idempotent, conflicts point to `update`. */
export async function addLocation(
  em: EntityManager,
  input: NewLocation,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<LocationView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const site: Site = await findSite(tx, data.site);
    const { site: _site, name, ...wanted } = data;
    const key = `${site.shortName}/${name}`;
    return addOrKeep(tx, {
      existing: await tx.findOne(DataLocationSchema, { site, name }, { populate: ['site'] }),
      view: locationView,
      wanted,
      create: () => {
        const given = Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined));
        return tx.create(DataLocationSchema, {
          active: true,
          priority: 0,
          ...entityColumns(given),
          locationType: data.type,
          storageType: data.storage,
          site,
          name,
        });
      },
      dryRun: opts.dryRun,
      label: `location '${key}'`,
      updateCommand: `ccat-ops location update '${key}'`,
    });
  });
}

/**
 * The database keeps the type of a location archive transfers or staging jobs go to, or that holds
 * live copies (`data_location_type_kept_while_in_use`): the type decides where transfers and jobs may
 * go and when copies may be deleted. This says so before the write, in the command's words.
 */
async function requireTypeUnused(em: EntityManager, l: DataLocation, wanted: LocationType): Promise<void> {
  const destinationOf =
    l.locationType === LocationType.LONG_TERM_ARCHIVE
      ? `select 'archive transfers' as what from long_term_archive_transfer where destination_location_id = ? limit 1`
      : l.locationType === LocationType.PROCESSING
        ? `select 'staging jobs' as what from staging_job where destination_location_id = ? limit 1`
        : undefined;
  const query = (q: string) =>
    em.getConnection().execute<{ what: string }[]>(q, [l.id], 'all', em.getTransactionContext());
  const key = locationKey(l);
  const [used] = destinationOf ? await query(destinationOf) : [];
  if (used) {
    throw new Conflict(`location ${key} is the destination of ${used.what} and stays a ${l.locationType} location`, [
      `register a new ${wanted} location with \`ccat-ops location add\` and deactivate this one with \`ccat-ops location set-active ${key} false\``,
    ]);
  }
  const [holds] = await query(
    `select 'copies' as what from physical_copy where data_location_id = ? and status <> 'deleted' limit 1`,
  );
  if (holds) {
    throw new Conflict(
      `location ${key} holds live physical copies and stays a ${l.locationType} location: its type decides when they may be deleted`,
      [
        `copy its data to a ${wanted} location (new copies there) and delete these copies first (\`ccat-ops copy list --location ${key}\`); or register a new ${wanted} location with \`ccat-ops location add\``,
      ],
    );
  }
}

/** Changes a location; the storage rule is checked on the result. Shows before and after. */
export async function updateLocation(
  em: EntityManager,
  key: string,
  input: LocationChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<LocationView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const l = await findLocation(tx, key);
    const { newName, ...rest } = data;
    const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<
      Omit<LocationView, 'site' | 'name'>
    >;
    const issue = storageIssues({ ...locationView(l), ...given }, given)[0];
    if (issue) throw new UsageError(`--${flagOf(issue.field)}: ${issue.message}`);
    if (given.type !== undefined && given.type !== l.locationType) {
      await requireTypeUnused(tx, l, given.type);
    }
    if (newName !== undefined && newName !== l.name) {
      const clash = await tx.findOne(DataLocationSchema, { site: l.site, name: newName });
      if (clash)
        throw new UsageError(`--new-name: site '${l.site.unwrap().shortName}' already has a location '${newName}'`);
    }
    return applyUpdate(tx, {
      entity: l,
      view: locationView,
      wanted: { ...given, name: newName },
      apply: () => void tx.assign(l, entityColumns(newName === undefined ? given : { ...given, name: newName })),
      dryRun: opts.dryRun,
    });
  });
}

/** Switches a location on or off; doing what is already so is a no-op. */
export async function setLocationActive(
  em: EntityManager,
  key: string,
  active: boolean,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<LocationView>> {
  return registryTransaction(em, async (tx) => {
    const l = await findLocation(tx, key);
    return applyUpdate(tx, {
      entity: l,
      view: locationView,
      wanted: { active },
      apply: () => void tx.assign(l, { active }),
      dryRun: opts.dryRun,
    });
  });
}

/** Where a location's identity marker is (disk locations only), and whether it was written. */
export interface MarkerWrite {
  location: string;
  path: string;
  written: boolean;
  /** Why it was not written (best effort after `location add`). */
  reason?: string;
  /** Not written because the location is on another host (its `--host`), where its storage is mounted. */
  otherHost?: string;
}

async function markerTarget(em: EntityManager, key: string): Promise<{ id: number; key: string; root: string }> {
  const l = await findLocation(em, key);
  if (l.storageType !== StorageType.DISK || !l.rootPath) {
    throw new UsageError(`${locationKey(l)} is a ${l.storageType} location; only disk locations carry a marker`, [
      'pick a disk location (`ccat-ops location list`)',
    ]);
  }
  return { id: l.id, key: locationKey(l), root: l.rootPath };
}

/**
 * `location write-marker`: writes the identity marker at a disk location's root deliberately (new
 * storage for a location the database holds copies at). Exit 69 when the root is not writable here,
 * 1 over another location's marker; written false when this location's marker was there already.
 */
export async function writeLocationMarker(em: EntityManager, key: string): Promise<MarkerWrite> {
  const loc = await markerTarget(em, key);
  const written = await initMarker(loc);
  return { location: loc.key, path: join(loc.root, MARKER_FILE), written };
}

/**
 * After `location add`: the marker, best effort — only when the location is on this host (no
 * `--host`, or this machine's), its root exists and is writable here, and carries no marker yet;
 * otherwise the first audit or registration there (or `location write-marker` there) writes it.
 */
export async function markNewLocation(em: EntityManager, key: string): Promise<MarkerWrite | undefined> {
  const l = await findLocation(em, key);
  if (l.storageType !== StorageType.DISK || !l.rootPath) return undefined;
  const loc = { id: l.id, key: locationKey(l), root: l.rootPath };
  const path = join(loc.root, MARKER_FILE);
  // The same path on this machine is not that host's storage (a local directory, another mount).
  if (l.host && !isThisHost(l.host, hostname())) return { location: loc.key, path, written: false, otherHost: l.host };
  try {
    return { location: loc.key, path, written: await initMarker(loc) };
  } catch (err) {
    return { location: loc.key, path, written: false, reason: (err as Error).message };
  }
}
