import type { TriggerDef } from '@mikro-orm/core';

export const LOCATION_SITE_KEPT_WHILE_IN_USE = 'data_location_site_kept_while_in_use';

/**
 * A location is known as SITE/NAME, and transfers, routes and copies are checked against its site
 * (data_transfer_follows_route, data_transfer_route_locations_at_its_sites): once anything names
 * the location, it stays at its site. Storage that moves is registered anew at its new site.
 */
export const locationSiteKeptTrigger: TriggerDef = {
  name: LOCATION_SITE_KEPT_WHILE_IN_USE,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${LOCATION_SITE_KEPT_WHILE_IN_USE}_fn"() returns trigger
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
      using errcode = 'restrict_violation', constraint = '${LOCATION_SITE_KEPT_WHILE_IN_USE}',
            hint = 'register the storage at its new site (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  end if;
  return new;
end;
$$;
create trigger "${LOCATION_SITE_KEPT_WHILE_IN_USE}" before update of site_id on "data_location"
  for each row when (old.site_id is distinct from new.site_id)
  execute function "${LOCATION_SITE_KEPT_WHILE_IN_USE}_fn"();`,
};
