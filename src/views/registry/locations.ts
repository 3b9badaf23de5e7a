import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { LocationType, StorageType } from '../../../entities/enums.js';
import type { LocationView } from '../../services/locations.js';
import { locationId, siteId } from '../names.js';
import { rows, type Queryable } from '../queryable.js';

const LOCATION_SELECT = sql`select s.short_name as site, l.name, l.location_type as type, l.storage_type as storage,
    l.active, l.priority, l.host, l.root_path as "rootPath", l.endpoint_url as "endpointUrl", l.bucket, l.region,
    l.credentials_env as "credentialsEnv", l.library, l.capacity_bytes as capacity,
    l.created_at as "createdAt", l.updated_at as "updatedAt"
  from data_location l join site s on s.id = l.site_id`;

/** A capacity past 2^53 bytes arrives as text: a number, as everywhere else the capacity is shown. */
async function locations(db: Queryable, query: Sql): Promise<LocationView[]> {
  const found = await rows<Omit<LocationView, 'capacity'> & { capacity: number | string | null }>(db, query);
  return found.map((l) => ({ ...l, capacity: l.capacity === null ? null : Number(l.capacity) }));
}

export interface LocationFilter {
  site?: string;
  type?: LocationType;
  storage?: StorageType;
  active?: boolean;
}

/** The locations by site and name; an unknown `site` is exit 4 with the nearest short name. */
export async function listLocations(db: Queryable, filter: LocationFilter = {}): Promise<LocationView[]> {
  const where: Sql[] = [];
  if (filter.site) where.push(sql`l.site_id = ${await siteId(db, filter.site)}`);
  if (filter.type) where.push(sql`l.location_type = ${filter.type}`);
  if (filter.storage) where.push(sql`l.storage_type = ${filter.storage}`);
  if (filter.active !== undefined) where.push(sql`l.active = ${filter.active}`);
  const clause = where.length ? sql`where ${join(where, ' and ')}` : empty;
  return locations(db, sql`${LOCATION_SELECT} ${clause} order by s.short_name, l.name`);
}

/** The location `SITE/NAME`; exit 2 when that is not an address, 4 with the nearest one when there is none. */
export async function showLocation(db: Queryable, key: string): Promise<LocationView> {
  const id = await locationId(db, key);
  return (await locations(db, sql`${LOCATION_SELECT} where l.id = ${id}`))[0];
}
