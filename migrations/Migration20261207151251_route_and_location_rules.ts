import { Migration } from '@mikro-orm/migrations';

/**
 * A route's locations are at its sites, a route with transfers keeps its sites, type and locations
 * (entities/data-transfer-route-triggers.ts), and a location anything names stays at its site
 * (entities/data-location-site-trigger.ts); data_transfer_follows_route now reads the route and the
 * locations with share locks, so a concurrent change of them and a new transfer wait for each other.
 * Written from the entities' trigger DDL: the generator does not see new triggers or changed bodies.
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
  elsif exists (select 1 from audit_run where data_location_id = old.id) then
    used_by := 'audits';
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
    this.addSql(`create or replace function "data_transfer_follows_route_fn"() returns trigger
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
$$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "data_transfer_follows_route_fn"() returns trigger
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
  select * into r from data_transfer_route where id = new.route_id;
  select site_id into from_site from data_location where id = new.origin_location_id;
  select site_id into to_site from data_location where id = new.destination_location_id;
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
$$;`);
    this.addSql(`drop trigger if exists "data_location_site_kept_while_in_use" on "data_location";`);
    this.addSql(`drop function if exists "data_location_site_kept_while_in_use_fn"();`);
    this.addSql(`drop trigger if exists "data_transfer_route_ends_fixed_once_used" on "data_transfer_route";`);
    this.addSql(`drop function if exists "data_transfer_route_ends_fixed_once_used_fn"();`);
    this.addSql(`drop trigger if exists "data_transfer_route_locations_at_its_sites" on "data_transfer_route";`);
    this.addSql(`drop function if exists "data_transfer_route_locations_at_its_sites_fn"();`);
  }

}
