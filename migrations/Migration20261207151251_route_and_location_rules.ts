import { Migration } from '@mikro-orm/migrations';

/**
 * A route's locations are at its sites, a route with transfers keeps its sites, type and locations
 * (entities/data-transfer-route-triggers.ts), and a location anything names stays at its site
 * (entities/data-location-site-trigger.ts). Written from the entities' trigger DDL: the generator
 * does not see new triggers.
 */
export class Migration20261207151251_route_and_location_rules extends Migration {

  override name = 'Migration20261207151251_route_and_location_rules';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "data_transfer_route_locations_at_its_sites_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  end_name text;
  end_location integer;
  end_site integer;
begin
  foreach end_name in array array['origin', 'destination'] loop
    if end_name = 'origin' then
      end_location := new.origin_location_id;
      end_site := new.origin_site_id;
    else
      end_location := new.destination_location_id;
      end_site := new.destination_site_id;
    end if;
    -- An unknown location or site is the foreign key's to refuse.
    if exists (select 1 from data_location l where l.id = end_location and l.site_id <> end_site) then
      raise exception 'route %: its % location % is not at its % site %', new.name, end_name,
          (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = end_location),
          end_name, (select short_name from site where id = end_site)
        using errcode = 'check_violation', constraint = 'data_transfer_route_locations_at_its_sites',
              hint = 'name a location at the route''s site, or change the site (ccat-ops route update)';
    end if;
  end loop;
  return new;
end;
$$;
create trigger "data_transfer_route_locations_at_its_sites" before insert or update of origin_site_id, destination_site_id, origin_location_id, destination_location_id
  on "data_transfer_route" for each row execute function "data_transfer_route_locations_at_its_sites_fn"();`);
    this.addSql(`create or replace function "data_transfer_route_ends_fixed_once_used_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from data_transfer t where t.route_id = old.id) then
    raise exception 'route % has transfers, so its sites, type and locations stay as they are', old.name
      using errcode = 'restrict_violation', constraint = 'data_transfer_route_ends_fixed_once_used',
            hint = 'add a route for the new path (ccat-ops route add) and set this one inactive (ccat-ops route set-active)';
  end if;
  return new;
end;
$$;
create trigger "data_transfer_route_ends_fixed_once_used" before update of origin_site_id, destination_site_id, relay_site_id, route_type, origin_location_id, destination_location_id
  on "data_transfer_route" for each row
  when ((new.origin_site_id, new.destination_site_id, new.relay_site_id, new.route_type, new.origin_location_id, new.destination_location_id)
        is distinct from (old.origin_site_id, old.destination_site_id, old.relay_site_id, old.route_type, old.origin_location_id, old.destination_location_id))
  execute function "data_transfer_route_ends_fixed_once_used_fn"();`);
    this.addSql(`create or replace function "data_location_site_kept_while_in_use_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  used_by text;
begin
  if exists (select 1 from physical_copy where data_location_id = old.id) then
    used_by := 'physical copies';
  elsif exists (select 1 from data_transfer where origin_location_id = old.id)
        or exists (select 1 from data_transfer where destination_location_id = old.id) then
    used_by := 'transfers';
  elsif exists (select 1 from long_term_archive_transfer where origin_location_id = old.id)
        or exists (select 1 from long_term_archive_transfer where destination_location_id = old.id) then
    used_by := 'archive transfers';
  elsif exists (select 1 from staging_job where origin_location_id = old.id or destination_location_id = old.id)
        or exists (select 1 from staging_job_package where origin_location_id = old.id or destination_location_id = old.id) then
    used_by := 'staging jobs';
  elsif exists (select 1 from data_transfer_route where origin_location_id = old.id or destination_location_id = old.id) then
    used_by := 'routes';
  end if;
  if used_by is not null then
    raise exception 'location %/% is named by % and stays at site %',
        (select short_name from site where id = old.site_id), old.name, used_by, (select short_name from site where id = old.site_id)
      using errcode = 'restrict_violation', constraint = 'data_location_site_kept_while_in_use',
            hint = 'register the storage at its new site (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  end if;
  return new;
end;
$$;
create trigger "data_location_site_kept_while_in_use" before update of site_id on "data_location"
  for each row when (old.site_id is distinct from new.site_id)
  execute function "data_location_site_kept_while_in_use_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "data_location_site_kept_while_in_use" on "data_location";`);
    this.addSql(`drop function if exists "data_location_site_kept_while_in_use_fn"();`);
    this.addSql(`drop trigger if exists "data_transfer_route_ends_fixed_once_used" on "data_transfer_route";`);
    this.addSql(`drop function if exists "data_transfer_route_ends_fixed_once_used_fn"();`);
    this.addSql(`drop trigger if exists "data_transfer_route_locations_at_its_sites" on "data_transfer_route";`);
    this.addSql(`drop function if exists "data_transfer_route_locations_at_its_sites_fn"();`);
  }

}
