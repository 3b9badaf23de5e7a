import { Migration } from '@mikro-orm/migrations';

export class Migration20261202011530_movement_rules extends Migration {

  override name = 'Migration20261202011530_movement_rules';

  override up(): void | Promise<void> {
    // DESIGN §6: updated_at maintained by PostgreSQL on every update of every table that has one.
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  new.updated_at := now();
  return new;
end;
$$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "api_token"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "audit_batch"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "audit_run"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "data_location"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "data_transfer"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "data_transfer_package"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "data_transfer_route"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "executed_obs_unit"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "instrument"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "instrument_module"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "instrument_module_configuration"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "long_term_archive_transfer"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "obs_mode"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "obs_unit"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "observatory"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "observing_program"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "permission"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "physical_copy"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "raw_data_file"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "raw_data_package"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "role"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "site"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "source"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "staging_job"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "staging_job_package"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "sub_observing_program"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "telescope"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);
    this.addSql(`create trigger "updated_at_on_update" before update on "user"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    // New checks: NOT VALID so rows another writer left behind do not stop the migration; validated
    // at once where the table is clean (see ccat-ops db check --data for the rest).
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_completed_or_failed_has_finished_at" check ((status <> 'completed' and status <> 'failed') or finished_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "data_transfer" validate constraint "data_transfer_completed_or_failed_has_finished_at";
  exception when check_violation then raise notice 'data_transfer_completed_or_failed_has_finished_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_in_progress_has_started_at" check (status <> 'in_progress' or started_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "data_transfer" validate constraint "data_transfer_in_progress_has_started_at";
  exception when check_violation then raise notice 'data_transfer_in_progress_has_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_finished_at_not_before_started_at" check ((status <> 'completed' and status <> 'failed') or finished_at >= started_at) not valid;`);
    this.addSql(`do \$\$ begin alter table "data_transfer" validate constraint "data_transfer_finished_at_not_before_started_at";
  exception when check_violation then raise notice 'data_transfer_finished_at_not_before_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_custom_names_locations" check (route_type <> 'custom' or (origin_location_id is not null and destination_location_id is not null)) not valid;`);
    this.addSql(`do \$\$ begin alter table "data_transfer_route" validate constraint "data_transfer_route_custom_names_locations";
  exception when check_violation then raise notice 'data_transfer_route_custom_names_locations: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_completed_or_failed_has_finished_at" check ((status <> 'completed' and status <> 'failed') or finished_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "long_term_archive_transfer" validate constraint "long_term_archive_transfer_completed_or_failed_has_finished_at";
  exception when check_violation then raise notice 'long_term_archive_transfer_completed_or_failed_has_finished_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_in_progress_has_started_at" check (status <> 'in_progress' or started_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "long_term_archive_transfer" validate constraint "long_term_archive_transfer_in_progress_has_started_at";
  exception when check_violation then raise notice 'long_term_archive_transfer_in_progress_has_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_finished_at_not_before_started_at" check ((status <> 'completed' and status <> 'failed') or finished_at >= started_at) not valid;`);
    this.addSql(`do \$\$ begin alter table "long_term_archive_transfer" validate constraint "long_term_archive_transfer_finished_at_not_before_started_at";
  exception when check_violation then raise notice 'long_term_archive_transfer_finished_at_not_before_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_archived_has_archived_at" check (state <> 'archived' or archived_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "raw_data_package" validate constraint "raw_data_package_archived_has_archived_at";
  exception when check_violation then raise notice 'raw_data_package_archived_has_archived_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_completed_or_failed_has_finished_at" check ((status <> 'completed' and status <> 'failed') or finished_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "staging_job" validate constraint "staging_job_completed_or_failed_has_finished_at";
  exception when check_violation then raise notice 'staging_job_completed_or_failed_has_finished_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_in_progress_has_started_at" check (status <> 'in_progress' or started_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "staging_job" validate constraint "staging_job_in_progress_has_started_at";
  exception when check_violation then raise notice 'staging_job_in_progress_has_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_finished_at_not_before_started_at" check ((status <> 'completed' and status <> 'failed') or finished_at >= started_at) not valid;`);
    this.addSql(`do \$\$ begin alter table "staging_job" validate constraint "staging_job_finished_at_not_before_started_at";
  exception when check_violation then raise notice 'staging_job_finished_at_not_before_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_completed_or_failed_has_finished_at" check ((status <> 'completed' and status <> 'failed') or finished_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "staging_job_package" validate constraint "staging_job_package_completed_or_failed_has_finished_at";
  exception when check_violation then raise notice 'staging_job_package_completed_or_failed_has_finished_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_in_progress_has_started_at" check (status <> 'in_progress' or started_at is not null) not valid;`);
    this.addSql(`do \$\$ begin alter table "staging_job_package" validate constraint "staging_job_package_in_progress_has_started_at";
  exception when check_violation then raise notice 'staging_job_package_in_progress_has_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_finished_at_not_before_started_at" check ((status <> 'completed' and status <> 'failed') or finished_at >= started_at) not valid;`);
    this.addSql(`do \$\$ begin alter table "staging_job_package" validate constraint "staging_job_package_finished_at_not_before_started_at";
  exception when check_violation then raise notice 'staging_job_package_finished_at_not_before_started_at: old rows break it; see ccat-ops db check --data'; end \$\$;`);

    this.addSql(`create or replace function "data_location_type_kept_while_in_use_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  used_by text;
begin
  if old.location_type = 'long_term_archive'
     and exists (select 1 from long_term_archive_transfer where destination_location_id = old.id) then
    used_by := 'archive transfers';
  elsif old.location_type = 'processing'
     and (exists (select 1 from staging_job where destination_location_id = old.id)
          or exists (select 1 from staging_job_package where destination_location_id = old.id)) then
    used_by := 'staging jobs';
  end if;
  if used_by is not null then
    raise exception 'location %/% is the destination of % and stays a % location',
        (select short_name from site where id = old.site_id), old.name, used_by, old.location_type
      using errcode = 'restrict_violation', constraint = 'data_location_type_kept_while_in_use',
            hint = 'register a new location of the new type (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "data_location_type_kept_while_in_use" before update of location_type on "data_location"
  for each row when (old.location_type is distinct from new.location_type)
  execute function "data_location_type_kept_while_in_use_fn"();`);
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
    this.addSql(`create trigger "data_transfer_follows_route" before insert or update of route_id, origin_location_id, destination_location_id
  on "data_transfer" for each row execute function "data_transfer_follows_route_fn"();`);
    this.addSql(`create or replace function "long_term_archive_transfer_destination_is_lta_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id;
  -- An unknown location is the foreign key's to refuse.
  if found and dest.location_type <> 'long_term_archive' then
    raise exception 'archive transfer % goes to %, a % location: its destination must be a long_term_archive location',
        new.id, dest.address, dest.location_type
      using errcode = 'check_violation', constraint = 'long_term_archive_transfer_destination_is_lta',
            hint = 'archive to a long_term_archive location (ccat-ops location list --type long_term_archive)';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "long_term_archive_transfer_destination_is_lta" before insert or update of destination_location_id on "long_term_archive_transfer"
  for each row execute function "long_term_archive_transfer_destination_is_lta_fn"();`);
    this.addSql(`create or replace function "staging_job_destination_is_processing_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id;
  -- An unknown location is the foreign key's to refuse.
  if found and dest.location_type <> 'processing' then
    raise exception 'staging job % goes to %, a % location: its destination must be a processing location',
        new.id, dest.address, dest.location_type
      using errcode = 'check_violation', constraint = 'staging_job_destination_is_processing',
            hint = 'stage to a processing location (ccat-ops location list --type processing)';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "staging_job_destination_is_processing" before insert or update of destination_location_id on "staging_job"
  for each row execute function "staging_job_destination_is_processing_fn"();`);
    this.addSql(`create or replace function "staging_job_package_destination_is_processing_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id;
  -- An unknown location is the foreign key's to refuse.
  if found and dest.location_type <> 'processing' then
    raise exception 'staging job package % goes to %, a % location: its destination must be a processing location',
        new.id, dest.address, dest.location_type
      using errcode = 'check_violation', constraint = 'staging_job_package_destination_is_processing',
            hint = 'stage to a processing location (ccat-ops location list --type processing)';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "staging_job_package_destination_is_processing" before insert or update of destination_location_id on "staging_job_package"
  for each row execute function "staging_job_package_destination_is_processing_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "updated_at_on_update" on "api_token";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "audit_batch";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "audit_run";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "data_location";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "data_transfer";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "data_transfer_package";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "data_transfer_route";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "executed_obs_unit";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "instrument";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "instrument_module";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "instrument_module_configuration";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "long_term_archive_transfer";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "obs_mode";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "obs_unit";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "observatory";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "observing_program";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "permission";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "physical_copy";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "raw_data_file";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "raw_data_package";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "role";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "site";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "source";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "staging_job";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "staging_job_package";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "sub_observing_program";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "telescope";`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "user";`);
    this.addSql(`drop function if exists "updated_at_on_update_fn"();`);
    this.addSql(`alter table "data_transfer" drop constraint if exists "data_transfer_completed_or_failed_has_finished_at";`);
    this.addSql(`alter table "data_transfer" drop constraint if exists "data_transfer_in_progress_has_started_at";`);
    this.addSql(`alter table "data_transfer" drop constraint if exists "data_transfer_finished_at_not_before_started_at";`);
    this.addSql(`alter table "data_transfer_route" drop constraint if exists "data_transfer_route_custom_names_locations";`);
    this.addSql(`alter table "long_term_archive_transfer" drop constraint if exists "long_term_archive_transfer_completed_or_failed_has_finished_at";`);
    this.addSql(`alter table "long_term_archive_transfer" drop constraint if exists "long_term_archive_transfer_in_progress_has_started_at";`);
    this.addSql(`alter table "long_term_archive_transfer" drop constraint if exists "long_term_archive_transfer_finished_at_not_before_started_at";`);
    this.addSql(`alter table "raw_data_package" drop constraint if exists "raw_data_package_archived_has_archived_at";`);
    this.addSql(`alter table "staging_job" drop constraint if exists "staging_job_completed_or_failed_has_finished_at";`);
    this.addSql(`alter table "staging_job" drop constraint if exists "staging_job_in_progress_has_started_at";`);
    this.addSql(`alter table "staging_job" drop constraint if exists "staging_job_finished_at_not_before_started_at";`);
    this.addSql(`alter table "staging_job_package" drop constraint if exists "staging_job_package_completed_or_failed_has_finished_at";`);
    this.addSql(`alter table "staging_job_package" drop constraint if exists "staging_job_package_in_progress_has_started_at";`);
    this.addSql(`alter table "staging_job_package" drop constraint if exists "staging_job_package_finished_at_not_before_started_at";`);
    this.addSql(`drop trigger if exists "data_location_type_kept_while_in_use" on "data_location";`);
    this.addSql(`drop function if exists "data_location_type_kept_while_in_use_fn"();`);
    this.addSql(`drop trigger if exists "data_transfer_follows_route" on "data_transfer";`);
    this.addSql(`drop function if exists "data_transfer_follows_route_fn"();`);
    this.addSql(`drop trigger if exists "long_term_archive_transfer_destination_is_lta" on "long_term_archive_transfer";`);
    this.addSql(`drop function if exists "long_term_archive_transfer_destination_is_lta_fn"();`);
    this.addSql(`drop trigger if exists "staging_job_destination_is_processing" on "staging_job";`);
    this.addSql(`drop function if exists "staging_job_destination_is_processing_fn"();`);
    this.addSql(`drop trigger if exists "staging_job_package_destination_is_processing" on "staging_job_package";`);
    this.addSql(`drop function if exists "staging_job_package_destination_is_processing_fn"();`);
  }

}
