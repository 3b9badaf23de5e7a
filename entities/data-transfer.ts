import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { lifecycleTimeChecks } from './lifecycle-times.js';
import { DataLocationSchema } from './data-location.js';
import { DataTransferPackageSchema } from './data-transfer-package.js';
import { DataTransferRouteSchema } from './data-transfer-route.js';
import { Status } from './enums.js';

/**
 * One transfer of a data transfer package from an origin location to a destination location.
 * Unpacking at the destination is tracked and retried separately (`unpackStatus`).
 */
export const DataTransferSchema = defineEntity({
  name: 'DataTransfer',
  extends: TimestampedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    dataTransferPackage: () => p.manyToOne(DataTransferPackageSchema).ref().deleteRule('restrict').index(),
    originLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    destinationLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    route: () => p.manyToOne(DataTransferRouteSchema).ref().nullable().deleteRule('restrict'),
    status: p.enum(() => Status).default(Status.PENDING),
    unpackStatus: p.enum(() => Status).default(Status.PENDING),
    retryCount: p.integer().default(0),
    unpackRetryCount: p.integer().default(0),
    bytesTransferred: p.bigint('number').default(0),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    errorMessage: p.text().nullable(),
  },
  // Lists read newest first by id (keyset), so each filter's index ends in id; the partial indexes
  // keep the backlog's reads small however many completed transfers there are.
  indexes: [
    { properties: ['status', 'id'] },
    { properties: ['route', 'id'] },
    { properties: ['originLocation', 'id'] },
    { properties: ['destinationLocation', 'id'] },
    { properties: ['createdAt'] },
    { properties: ['unpackStatus', 'createdAt'] },
    { name: 'data_transfer_open_index', properties: ['id'], where: "status <> 'completed'" },
    {
      name: 'data_transfer_completed_index',
      properties: ['finishedAt'],
      include: ['route', 'destinationLocation', 'bytesTransferred'],
      where: "status = 'completed'",
    },
  ],
  checks: [
    {
      name: 'data_transfer_locations_check',
      expression: 'origin_location_id <> destination_location_id',
    },
    {
      name: 'data_transfer_counts_check',
      expression: 'retry_count >= 0 and unpack_retry_count >= 0 and bytes_transferred >= 0',
    },
    ...lifecycleTimeChecks('data_transfer'),
  ],
  // DESIGN §5.4: a transfer on a route goes from the route's origin site to its destination site
  // (on a relay route, a leg may end or start at the relay site instead), and on a custom route
  // between the route's own locations. A trigger because the sites live on data_location.
  triggers: [
    updatedAtTrigger('data_transfer'),
    {
      name: 'data_transfer_follows_route',
      timing: 'before',
      events: ['insert', 'update'],
      expression: `create or replace function "data_transfer_follows_route_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  r record;
  from_site integer;
  to_site integer;
  ok boolean;
begin
  if new.route_id is null then
    return new;
  end if;
  -- Read with share locks: a concurrent change of the route or of a location's site waits for this
  -- transfer, or this transfer for it (data_transfer_route_ends_fixed_once_used,
  -- data_location_site_kept_while_in_use), so neither can slip past the other's check.
  select * into r from data_transfer_route where id = new.route_id for share;
  select site_id into from_site from data_location where id = new.origin_location_id for share;
  select site_id into to_site from data_location where id = new.destination_location_id for share;
  -- An unknown route or location is the foreign key's to refuse.
  if r.id is null or from_site is null or to_site is null then
    return new;
  end if;
  ok := from_site = r.origin_site_id and to_site = r.destination_site_id;
  if r.route_type = 'relay' then
    ok := ok or (from_site = r.origin_site_id and to_site = r.relay_site_id)
             or (from_site = r.relay_site_id and to_site = r.destination_site_id);
  end if;
  if not coalesce(ok, false) then
    raise exception 'transfer % on route % goes from % to %, but the route goes from site % to site %',
        new.id, r.name,
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = new.origin_location_id),
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id),
        (select short_name from site where id = r.origin_site_id),
        (select short_name from site where id = r.destination_site_id)
      using errcode = 'check_violation', constraint = 'data_transfer_follows_route',
            hint = 'give the transfer locations at the route''s sites, or the route that goes between them (ccat-ops route list)';
  end if;
  if r.route_type = 'custom'
     and (new.origin_location_id <> r.origin_location_id or new.destination_location_id <> r.destination_location_id) then
    raise exception 'transfer % on custom route % goes from % to %, but the route goes from % to %',
        new.id, r.name,
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = new.origin_location_id),
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id),
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = r.origin_location_id),
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = r.destination_location_id)
      using errcode = 'check_violation', constraint = 'data_transfer_follows_route',
            hint = 'a transfer on a custom route goes between the route''s own locations (ccat-ops route show)';
  end if;
  return new;
end;
$$;
create trigger "data_transfer_follows_route" before insert or update of route_id, origin_location_id, destination_location_id
  on "data_transfer" for each row execute function "data_transfer_follows_route_fn"();`,
    },
  ],
});

export type DataTransfer = InferEntity<typeof DataTransferSchema>;
