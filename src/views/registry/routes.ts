import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { RouteType, TransferMethod } from '../../../entities/enums.js';
import type { RouteView } from '../../services/routes.js';
import { routeId, siteId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

/** A route's ends by short name and its locations as `SITE/NAME` (null when it has none). */
const ROUTE_SELECT = sql`select r.name, os.short_name as "from", ds.short_name as "to", r.route_type as type,
    r.method, rs.short_name as relay,
    ols.short_name || '/' || ol.name as "fromLocation", dls.short_name || '/' || dl.name as "toLocation",
    r.active, r.created_at as "createdAt", r.updated_at as "updatedAt"
  from data_transfer_route r
  join site os on os.id = r.origin_site_id
  join site ds on ds.id = r.destination_site_id
  left join site rs on rs.id = r.relay_site_id
  left join data_location ol on ol.id = r.origin_location_id
  left join site ols on ols.id = ol.site_id
  left join data_location dl on dl.id = r.destination_location_id
  left join site dls on dls.id = dl.site_id`;

export interface RouteFilter {
  from?: string;
  to?: string;
  routeType?: RouteType;
  method?: TransferMethod;
  active?: boolean;
}

/** The routes by name, filtered (an unknown site is exit 4 with the nearest short name). */
export async function listRoutes(db: Queryable, filter: RouteFilter = {}): Promise<RouteView[]> {
  const where: Sql[] = [];
  if (filter.from) where.push(sql`r.origin_site_id = ${await siteId(db, filter.from)}`);
  if (filter.to) where.push(sql`r.destination_site_id = ${await siteId(db, filter.to)}`);
  if (filter.routeType) where.push(sql`r.route_type = ${filter.routeType}`);
  if (filter.method) where.push(sql`r.method = ${filter.method}`);
  if (filter.active !== undefined) where.push(sql`r.active = ${filter.active}`);
  const filtered = where.length ? sql`where ${join(where, ' and ')}` : empty;
  return rows<RouteView>(db, sql`${ROUTE_SELECT} ${filtered} order by r.name`);
}

/** A route; exit 4 with the nearest name when there is none. */
export async function showRoute(db: Queryable, name: string): Promise<RouteView> {
  const id = await routeId(db, name);
  return (await one<RouteView>(db, sql`${ROUTE_SELECT} where r.id = ${id}`))!;
}
