import sql from 'sql-template-tag';
import { locationWhere } from '../../registry/location-where.js';
import type { SiteDetail, SiteRouteSummary, SiteView } from '../../services/sites.js';
import { siteId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

const SITE_SELECT = sql`select s.short_name as "shortName", s.name, s.description, s.location as "geographicLocation",
    s.created_at as "createdAt", s.updated_at as "updatedAt"
  from site s`;

export async function listSites(db: Queryable): Promise<SiteView[]> {
  return rows<SiteView>(db, sql`${SITE_SELECT} order by s.short_name`);
}

type LocationRow = Omit<SiteDetail['locations'][number], 'where'> & Parameters<typeof locationWhere>[0];
type RouteRow = SiteRouteSummary & { originId: number; destinationId: number; relayId: number | null };

/** A site with its locations and the routes out of, into and through it; exit 4 with the nearest short name. */
export async function showSite(db: Queryable, shortName: string): Promise<SiteDetail> {
  const id = await siteId(db, shortName);
  const site = (await one<SiteView>(db, sql`${SITE_SELECT} where s.id = ${id}`))!;
  const locations = await rows<LocationRow>(
    db,
    sql`select name, location_type as type, storage_type as storage, active, priority,
          storage_type as "storageType", host, root_path as "rootPath", endpoint_url as "endpointUrl", bucket, library
        from data_location where site_id = ${id} order by priority, name`,
  );
  const routes = await rows<RouteRow>(
    db,
    sql`select r.name, o.short_name as "from", d.short_name as "to", r.route_type as type, r.method, r.active,
          r.origin_site_id as "originId", r.destination_site_id as "destinationId", r.relay_site_id as "relayId"
        from data_transfer_route r
          join site o on o.id = r.origin_site_id
          join site d on d.id = r.destination_site_id
        where ${id} in (r.origin_site_id, r.destination_site_id, r.relay_site_id)
        order by r.name`,
  );
  const summary = ({ name, from, to, type, method, active }: RouteRow): SiteRouteSummary => ({
    name,
    from,
    to,
    type,
    method,
    active,
  });
  return {
    ...site,
    locations: locations.map((l) => ({
      name: l.name,
      type: l.type,
      storage: l.storage,
      active: l.active,
      priority: l.priority,
      where: locationWhere(l),
    })),
    routesOut: routes.filter((r) => r.originId === id).map(summary),
    routesIn: routes.filter((r) => r.destinationId === id).map(summary),
    routesVia: routes.filter((r) => r.relayId === id).map(summary),
  };
}
