import { Migration } from '@mikro-orm/migrations';

/**
 * A location that holds live copies keeps its type, as one that transfers or jobs go to does
 * (entities/data-location-type-trigger.ts): the type decides when its copies may be deleted. The
 * rule's function now checks copies too and locks the location for update first, and the destination
 * rules read the location with a share lock, so a type change and a new row naming the location wait
 * for each other. Written from the entities' trigger DDL: the generator does not see changed bodies.
 */
export class Migration20261207183900_location_type_kept_with_copies extends Migration {

  override name = 'Migration20261207183900_location_type_kept_with_copies';

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
    hint := format('its type decides when its copies may be deleted: move them to a location of the new type, or delete them, first (ccat-ops copy list --location %s)', address);
  end if;
  if used_by is not null then
    raise exception 'location % % and stays a % location', address, used_by, old.location_type
      using errcode = 'restrict_violation', constraint = 'data_location_type_kept_while_in_use', hint = hint;
  end if;
  return new;
end;
$$;`);
    this.addSql(`create or replace function "long_term_archive_transfer_destination_is_lta_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  -- Share-locked, so that a concurrent change of the location's type waits (or this for it).
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id for share of l;
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
    this.addSql(`create or replace function "staging_job_destination_is_processing_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  -- Share-locked, so that a concurrent change of the location's type waits (or this for it).
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id for share of l;
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
    this.addSql(`create or replace function "staging_job_package_destination_is_processing_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  -- Share-locked, so that a concurrent change of the location's type waits (or this for it).
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id for share of l;
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
  }

  override down(): void | Promise<void> {
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
  }

}
