import { Migration } from '@mikro-orm/migrations';

/**
 * Issue #13, physical copies: deleted exactly when deleted_at is set; deletion_possible only for
 * file copies; one live copy per location keyed on status; one deletion guard (the staging rule and
 * the SOURCE rule) that runs only when status or deleted_at moves towards deletion at a guarded
 * location. Old rows that break a rule do not stop the migration: see ccat-ops db check --data.
 */
export class Migration20261202012032_copy_rules extends Migration {

  override name = 'Migration20261202012032_copy_rules';

  override up(): void | Promise<void> {
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_deleted_iff_deleted_at" check ((status = 'deleted') = (deleted_at is not null)) not valid;`);
    this.addSql(`do $$ begin alter table "physical_copy" validate constraint "physical_copy_deleted_iff_deleted_at";
  exception when check_violation then raise notice 'physical_copy_deleted_iff_deleted_at: old rows break it; see ccat-ops db check --data'; end $$;`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_deletion_possible_only_for_files" check (status <> 'deletion_possible' or copy_type = 'raw_data_file') not valid;`);
    this.addSql(`do $$ begin alter table "physical_copy" validate constraint "physical_copy_deletion_possible_only_for_files";
  exception when check_violation then raise notice 'physical_copy_deletion_possible_only_for_files: old rows break it; see ccat-ops db check --data'; end $$;`);
    // One live copy per location, keyed on status. Old rows may hold two status-live copies of an
    // item at a location: then the old index (on deleted_at) stays, which is the same for new writes
    // (physical_copy_deleted_iff_deleted_at), until db check --data --validate rebuilds it.
    this.addSql(`do $$ begin
  create unique index "physical_copy_raw_data_file_live_unique_rekeyed" on "physical_copy" ("raw_data_file_id", "data_location_id")
    where status <> 'deleted' and raw_data_file_id is not null;
  drop index "physical_copy_raw_data_file_live_unique";
  alter index "physical_copy_raw_data_file_live_unique_rekeyed" rename to "physical_copy_raw_data_file_live_unique";
exception when unique_violation then
  raise notice 'physical_copy_raw_data_file_live_unique: two live copies of an item at one location; see ccat-ops db check --data';
end $$;`);
    this.addSql(`do $$ begin
  create unique index "physical_copy_raw_data_package_live_unique_rekeyed" on "physical_copy" ("raw_data_package_id", "data_location_id")
    where status <> 'deleted' and raw_data_package_id is not null;
  drop index "physical_copy_raw_data_package_live_unique";
  alter index "physical_copy_raw_data_package_live_unique_rekeyed" rename to "physical_copy_raw_data_package_live_unique";
exception when unique_violation then
  raise notice 'physical_copy_raw_data_package_live_unique: two live copies of an item at one location; see ccat-ops db check --data';
end $$;`);
    this.addSql(`do $$ begin
  create unique index "physical_copy_data_transfer_package_live_unique_rekeyed" on "physical_copy" ("data_transfer_package_id", "data_location_id")
    where status <> 'deleted' and data_transfer_package_id is not null;
  drop index "physical_copy_data_transfer_package_live_unique";
  alter index "physical_copy_data_transfer_package_live_unique_rekeyed" rename to "physical_copy_data_transfer_package_live_unique";
exception when unique_violation then
  raise notice 'physical_copy_data_transfer_package_live_unique: two live copies of an item at one location; see ccat-ops db check --data';
end $$;`);
    this.addSql(`drop trigger if exists "needed_by_staging_guard" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_needed_by_staging_guard_fn"();`);
    this.addSql(`create or replace function "physical_copy_deletion_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  location_type text;
  packages uuid[];
  pkg uuid;
  facts record;
begin
  if tg_level = 'STATEMENT' then
    perform set_config('ccat_ops.deletion_guarded_locations',
      (select coalesce(array_agg(x.id), '{}')::text
         from (select l.id from data_location l where l.location_type = 'source'
               union select s.destination_location_id from staging_job_package s
                      where s.status in ('pending', 'scheduled', 'in_progress')) x), true);
    return null;
  end if;
  if exists (select 1 from staging_job_package s
              where s.destination_location_id = old.data_location_id
                and s.status in ('pending', 'scheduled', 'in_progress')
                and s.raw_data_package_id = coalesce(old.raw_data_package_id,
                      (select f.raw_data_package_id from raw_data_file f where f.id = old.raw_data_file_id))) then
    raise exception 'physical copy % is needed by an active staging job and cannot be deleted', old.id
      using errcode = 'restrict_violation', constraint = 'physical_copy_needed_by_staging',
            hint = 'wait for the staging job to finish, or cancel it with ccat-ops staging cancel';
  end if;
  select l.location_type into location_type from data_location l where l.id = old.data_location_id;
  if location_type = 'source' then
    if old.data_transfer_package_id is null then
      packages := array[coalesce(old.raw_data_package_id,
                          (select f.raw_data_package_id from raw_data_file f where f.id = old.raw_data_file_id))];
    else
      packages := array(select p.id from raw_data_package p
                         where p.data_transfer_package_id = old.data_transfer_package_id order by p.name);
    end if;
    if cardinality(packages) = 0 or packages[1] is null then
      raise exception 'physical copy % at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', old.id
        using errcode = 'restrict_violation', constraint = 'physical_copy_source_kept_until_archived',
              hint = 'pack the data into a raw data package and archive it first';
    end if;
    -- one package at a time, by primary key: a set-based query here is planned badly per row
    foreach pkg in array packages loop
      select p.name, p.state, exists (select 1 from physical_copy a join data_location l on l.id = a.data_location_id
                    where a.raw_data_package_id = p.id and a.status = 'present'
                      and l.location_type = 'long_term_archive'
                      and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null) as verified into facts
        from raw_data_package p where p.id = pkg;
      if facts.state <> 'archived' then
        raise exception 'physical copy % at a SOURCE location cannot be deleted: its raw data package % is %, not archived', old.id, facts.name, facts.state
          using errcode = 'restrict_violation', constraint = 'physical_copy_source_kept_until_archived',
                hint = 'wait until the package is archived in a long-term archive, then delete the SOURCE copy';
      elsif not facts.verified then
        raise exception 'physical copy % at a SOURCE location cannot be deleted: its raw data package % has no present copy in a long-term archive whose checksum was verified', old.id, facts.name
          using errcode = 'restrict_violation', constraint = 'physical_copy_source_kept_until_archived',
                hint = 'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy';
      end if;
    end loop;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;
create trigger "deletion_guard_statement" before update of status, deleted_at or delete on "physical_copy"
  for each statement execute function "physical_copy_deletion_guard_fn"();
create trigger "deletion_guard" before update of status, deleted_at on "physical_copy" for each row
  when (((new.status is distinct from old.status and new.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
         or (new.deleted_at is not null and old.deleted_at is null))
        and old.data_location_id = any(coalesce(nullif(current_setting('ccat_ops.deletion_guarded_locations', true), ''),
                                               '{' || old.data_location_id || '}')::int[]))
  execute function "physical_copy_deletion_guard_fn"();
create trigger "deletion_guard_on_delete" before delete on "physical_copy" for each row
  when (old.status <> 'deleted' and old.data_location_id = any(coalesce(nullif(current_setting('ccat_ops.deletion_guarded_locations', true), ''),
                                               '{' || old.data_location_id || '}')::int[]))
  execute function "physical_copy_deletion_guard_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "deletion_guard_on_delete" on "physical_copy";`);
    this.addSql(`drop trigger if exists "deletion_guard" on "physical_copy";`);
    this.addSql(`drop trigger if exists "deletion_guard_statement" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_deletion_guard_fn"();`);
    this.addSql(`create or replace function "physical_copy_needed_by_staging_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if (tg_op = 'DELETE'
      or (new.status is distinct from old.status
          and new.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
      or (new.deleted_at is not null and old.deleted_at is null))
    and exists (select 1 from staging_job_package s
                 where s.destination_location_id = old.data_location_id
                   and s.status in ('pending', 'scheduled', 'in_progress')
                   and s.raw_data_package_id = coalesce(old.raw_data_package_id,
                         (select f.raw_data_package_id from raw_data_file f where f.id = old.raw_data_file_id))) then
    raise exception 'physical copy % is needed by an active staging job and cannot be deleted', old.id
      using errcode = 'restrict_violation',
            hint = 'wait for the staging job to finish, or cancel it with ccat-ops staging cancel';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;
create trigger "needed_by_staging_guard" before update or delete on "physical_copy"
  for each row execute function "physical_copy_needed_by_staging_guard_fn"();
`);
    this.addSql(`drop index "physical_copy_raw_data_file_live_unique";`);
    this.addSql(`create unique index "physical_copy_raw_data_file_live_unique" on "physical_copy" ("raw_data_file_id", "data_location_id") where deleted_at is null and raw_data_file_id is not null;`);
    this.addSql(`drop index "physical_copy_raw_data_package_live_unique";`);
    this.addSql(`create unique index "physical_copy_raw_data_package_live_unique" on "physical_copy" ("raw_data_package_id", "data_location_id") where deleted_at is null and raw_data_package_id is not null;`);
    this.addSql(`drop index "physical_copy_data_transfer_package_live_unique";`);
    this.addSql(`create unique index "physical_copy_data_transfer_package_live_unique" on "physical_copy" ("data_transfer_package_id", "data_location_id") where deleted_at is null and data_transfer_package_id is not null;`);
    this.addSql(`alter table "physical_copy" drop constraint "physical_copy_deletion_possible_only_for_files";`);
    this.addSql(`alter table "physical_copy" drop constraint "physical_copy_deleted_iff_deleted_at";`);
  }

}
