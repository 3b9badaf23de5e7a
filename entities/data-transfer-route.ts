import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { routeEndsFixedOnceUsedTrigger, routeLocationsAtItsSitesTrigger } from './data-transfer-route-triggers.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { DataLocationSchema } from './data-location.js';
import { RouteType, TransferMethod } from './enums.js';
import { SiteSchema } from './site.js';

/** How data moves between two sites: direct, via a relay site, or between custom locations. */
export const DataTransferRouteSchema = defineEntity({
  name: 'DataTransferRoute',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    originSite: () => p.manyToOne(SiteSchema).ref().deleteRule('restrict').index(),
    destinationSite: () => p.manyToOne(SiteSchema).ref().deleteRule('restrict').index(),
    routeType: p.enum(() => RouteType).default(RouteType.DIRECT),
    relaySite: () => p.manyToOne(SiteSchema).ref().nullable().deleteRule('restrict').index(),
    originLocation: () => p.manyToOne(DataLocationSchema).ref().nullable().deleteRule('restrict').index(),
    destinationLocation: () => p.manyToOne(DataLocationSchema).ref().nullable().deleteRule('restrict').index(),
    method: p.enum(() => TransferMethod),
    active: p.boolean().default(true),
  },
  checks: [
    {
      name: 'data_transfer_route_sites_check',
      expression: 'origin_site_id <> destination_site_id',
    },
    {
      name: 'data_transfer_route_relay_check',
      expression: "route_type <> 'relay' or relay_site_id is not null",
    },
    {
      name: 'data_transfer_route_custom_names_locations',
      expression: "route_type <> 'custom' or (origin_location_id is not null and destination_location_id is not null)",
    },
  ],
  triggers: [updatedAtTrigger('data_transfer_route'), routeLocationsAtItsSitesTrigger, routeEndsFixedOnceUsedTrigger],
});

export type DataTransferRoute = InferEntity<typeof DataTransferRouteSchema>;
