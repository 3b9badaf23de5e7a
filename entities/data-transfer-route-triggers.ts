import type { TriggerDef } from '@mikro-orm/core';

export const ROUTE_LOCATIONS_AT_ITS_SITES = 'data_transfer_route_locations_at_its_sites';

/**
 * A route's origin location is at its origin site and its destination location at its destination
 * site (DESIGN §5.4: the locations of a custom route). A trigger because the sites live on
 * data_location.
 */
export const routeLocationsAtItsSitesTrigger: TriggerDef = {
  name: ROUTE_LOCATIONS_AT_ITS_SITES,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create or replace function "${ROUTE_LOCATIONS_AT_ITS_SITES}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  end_name text;
  end_location integer;
  end_site integer;
  location_site integer;
begin
  foreach end_name in array array['origin', 'destination'] loop
    if end_name = 'origin' then
      end_location := new.origin_location_id;
      end_site := new.origin_site_id;
    else
      end_location := new.destination_location_id;
      end_site := new.destination_site_id;
    end if;
    -- Share-locked, so that a concurrent change of the location's site waits (or this for it).
    -- An unknown location or site is the foreign key's to refuse.
    select l.site_id into location_site from data_location l where l.id = end_location for share;
    if location_site <> end_site then
      raise exception 'route %: its % location % is not at its % site %', new.name, end_name,
          (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = end_location),
          end_name, (select short_name from site where id = end_site)
        using errcode = 'check_violation', constraint = '${ROUTE_LOCATIONS_AT_ITS_SITES}',
              hint = 'name a location at the route''s site, or change the site (ccat-ops route update)';
    end if;
  end loop;
  return new;
end;
$$;
create trigger "${ROUTE_LOCATIONS_AT_ITS_SITES}" before insert or update of origin_site_id, destination_site_id, origin_location_id, destination_location_id
  on "data_transfer_route" for each row execute function "${ROUTE_LOCATIONS_AT_ITS_SITES}_fn"();`,
};

export const ROUTE_ENDS_FIXED_ONCE_USED = 'data_transfer_route_ends_fixed_once_used';

/**
 * Once a transfer went by a route, the route's sites, type and locations stay as they were: the
 * transfer follows the route (data_transfer_follows_route), and a route changed under its
 * transfers would make them wrong after the fact. A new path is a new route (the old one can be
 * set inactive); its name, method and active flag may still change.
 */
export const routeEndsFixedOnceUsedTrigger: TriggerDef = {
  name: ROUTE_ENDS_FIXED_ONCE_USED,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${ROUTE_ENDS_FIXED_ONCE_USED}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from data_transfer t where t.route_id = old.id) then
    raise exception 'route % has transfers, so its sites, type and locations stay as they are', old.name
      using errcode = 'restrict_violation', constraint = '${ROUTE_ENDS_FIXED_ONCE_USED}',
            hint = 'add a route for the new path (ccat-ops route add) and set this one inactive (ccat-ops route set-active)';
  end if;
  return new;
end;
$$;
create trigger "${ROUTE_ENDS_FIXED_ONCE_USED}" before update of origin_site_id, destination_site_id, relay_site_id, route_type, origin_location_id, destination_location_id
  on "data_transfer_route" for each row
  when ((new.origin_site_id, new.destination_site_id, new.relay_site_id, new.route_type, new.origin_location_id, new.destination_location_id)
        is distinct from (old.origin_site_id, old.destination_site_id, old.relay_site_id, old.route_type, old.origin_location_id, old.destination_location_id))
  execute function "${ROUTE_ENDS_FIXED_ONCE_USED}_fn"();`,
};
