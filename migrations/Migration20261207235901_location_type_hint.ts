import { Migration } from '@mikro-orm/migrations';

/**
 * The hint of data_location_type_kept_while_in_use (entities/data-location-type-trigger.ts) said to
 * move a location's copies to a location of the new type; a copy keeps its location
 * (physical_copy_item_and_location_fixed), so it now says to copy the data there (new copies) and
 * delete these. Only the function's text changes; down restores the earlier one. Written from the
 * entity's trigger DDL.
 */
export class Migration20261207235901_location_type_hint extends Migration {

  override name = 'Migration20261207235901_location_type_hint';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "data_location_type_kept_while_in_use_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  used_by text;
  hint text := 'register a new location of the new type (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  address text := (select short_name from site where id = old.site_id) || '/' || old.name;
begin
  -- Locked for update: waits for the transactions adding a row that names the location (a foreign-key
  -- check holds a key-share lock on it until they end), so the checks below see their rows.
  perform 1 from data_location where id = old.id for update;
  if old.location_type = 'long_term_archive'
     and exists (select 1 from long_term_archive_transfer where destination_location_id = old.id) then
    used_by := 'is the destination of archive transfers';
  elsif old.location_type = 'processing'
     and (exists (select 1 from staging_job where destination_location_id = old.id)
          or exists (select 1 from staging_job_package where destination_location_id = old.id)) then
    used_by := 'is the destination of staging jobs';
  elsif exists (select 1 from physical_copy where data_location_id = old.id and status <> 'deleted') then
    used_by := 'holds live physical copies';
    hint := format('its type decides when its copies may be deleted: copy the data to a location of the new type (new copies there; a copy does not move) and delete these, first (ccat-ops copy list --location %s)', address);
  end if;
  if used_by is not null then
    raise exception 'location % % and stays a % location', address, used_by, old.location_type
      using errcode = 'restrict_violation', constraint = 'data_location_type_kept_while_in_use', hint = hint;
  end if;
  return new;
end;
$$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "data_location_type_kept_while_in_use_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  used_by text;
  hint text := 'register a new location of the new type (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  address text := (select short_name from site where id = old.site_id) || '/' || old.name;
begin
  -- Locked for update: waits for the transactions adding a row that names the location (a foreign-key
  -- check holds a key-share lock on it until they end), so the checks below see their rows.
  perform 1 from data_location where id = old.id for update;
  if old.location_type = 'long_term_archive'
     and exists (select 1 from long_term_archive_transfer where destination_location_id = old.id) then
    used_by := 'is the destination of archive transfers';
  elsif old.location_type = 'processing'
     and (exists (select 1 from staging_job where destination_location_id = old.id)
          or exists (select 1 from staging_job_package where destination_location_id = old.id)) then
    used_by := 'is the destination of staging jobs';
  elsif exists (select 1 from physical_copy where data_location_id = old.id and status <> 'deleted') then
    used_by := 'holds live physical copies';
    hint := format('its type decides when its copies may be deleted: move them to a location of the new type, or delete them, first (ccat-ops copy list --location %s)', address);
  end if;
  if used_by is not null then
    raise exception 'location % % and stays a % location', address, used_by, old.location_type
      using errcode = 'restrict_violation', constraint = 'data_location_type_kept_while_in_use', hint = hint;
  end if;
  return new;
end;
$$;`);
  }

}
