import { Migration } from '@mikro-orm/migrations';

/**
 * Sealed for good, and no file leaves a sealed package by DELETE (entities/package-sealed-trigger.ts):
 * raw_data_package.sealed_at records when a package was first sealed, set by the database (from the
 * package's own state, status and bundle, and from its copies beyond SOURCE and archive transfers) and
 * never cleared, so moving a package back does not unseal it; existing sealed packages get it now
 * (their updated_at kept). A file row of a sealed package is not deleted.
 * An open audit finding locks its archive copy (entities/audit-finding-lock-trigger.ts), so it and a
 * schedule-deletion relying on that copy serialize.
 * Written from the entities' trigger DDL; down restores the body of
 * Migration20261207183901_sealed_package_files.
 */
export class Migration20261207230000_sealed_for_good extends Migration {

  override name = 'Migration20261207230000_sealed_for_good';

  override up(): void | Promise<void> {
    this.addSql(`alter table "raw_data_package" add column "sealed_at" timestamptz null;`);
    this.addSql(`alter table "raw_data_package" disable trigger "updated_at_on_update";`);
    this.addSql(`do $do$
declare
  -- A package row that breaks a check constraint added NOT VALID (written before the rule) cannot be
  -- updated until it is repaired: those keep sealed_at unset, and db check --data lists them.
  valid text;
begin
  select string_agg('(' || regexp_replace(pg_get_constraintdef(c.oid), '^CHECK \\((.*)\\)( NOT VALID)?$', '\\1') || ') is not false', ' and ')
    into valid
    from pg_constraint c where c.conrelid = 'raw_data_package'::regclass and c.contype = 'c';
  execute $u$update "raw_data_package" p set "sealed_at" = now()
   where (p.state <> 'waiting' or p.status <> 'pending' or p.data_transfer_package_id is not null
          or exists (select 1 from physical_copy c join data_location l on l.id = c.data_location_id
                      where c.raw_data_package_id = p.id and l.location_type <> 'source')
          or exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = p.id))$u$
    || coalesce(' and ' || valid, '');
end;
$do$;`);
    this.addSql(`alter table "raw_data_package" enable trigger "updated_at_on_update";`);
    this.addSql(`create or replace function "raw_data_package_sealed_for_good_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_op = 'UPDATE' and old.sealed_at is not null and new.sealed_at is distinct from old.sealed_at then
    raise exception 'raw data package % was sealed at %: it stays sealed, and sealed_at stays as it is', old.name,
        to_char(old.sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      using errcode = 'restrict_violation', constraint = 'raw_data_package_sealed_for_good',
            hint = 'a sealed package keeps its files (raw_data_package_files_fixed_once_sealed): to pack them otherwise, create a new package';
  end if;
  if new.sealed_at is null and (new.state <> 'waiting' or new.status <> 'pending' or new.data_transfer_package_id is not null) then
    new.sealed_at := now();
  end if;
  return new;
end;
$$;
create trigger "raw_data_package_sealed_for_good" before insert or update on "raw_data_package"
  for each row execute function "raw_data_package_sealed_for_good_fn"();`);
    this.addSql(`create or replace function "raw_data_package_sealed_for_good_by_move_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_table_name = 'physical_copy' then -- nested: the archive transfer's row has no data_location_id
    if not exists (select 1 from data_location l where l.id = new.data_location_id and l.location_type <> 'source') then
      return null;
    end if;
  end if;
  update raw_data_package set sealed_at = now() where id = new.raw_data_package_id and sealed_at is null;
  return null;
end;
$$;
create trigger "raw_data_package_sealed_for_good_by_copy" after insert or update of raw_data_package_id, data_location_id on "physical_copy"
  for each row when (new.raw_data_package_id is not null)
  execute function "raw_data_package_sealed_for_good_by_move_fn"();`);
    this.addSql(`create trigger "raw_data_package_sealed_for_good_by_archive_transfer" after insert or update of raw_data_package_id on "long_term_archive_transfer"
  for each row execute function "raw_data_package_sealed_for_good_by_move_fn"();`);
    this.addSql(`create or replace function "raw_data_package_files_fixed_once_sealed_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  joins boolean;
  package_id uuid;
  pkg record;
  f raw_data_file;
  sealed text;
begin
  if tg_op = 'DELETE' then f := old; else f := new; end if;
  foreach joins in array case tg_op when 'INSERT' then array[true] when 'DELETE' then array[false] else array[false, true] end loop
    package_id := case when joins then new.raw_data_package_id else old.raw_data_package_id end;
    continue when package_id is null;
    -- Locked for update: a transaction sealing it (updating it, or adding a copy or archive transfer
    -- of it, whose foreign-key check holds a key-share lock on it) waits for this one, or this one for
    -- it and then sees it sealed.
    select p.name, p.state, p.status, p.data_transfer_package_id, p.sealed_at into pkg
      from raw_data_package p where p.id = package_id for update;
    -- An unknown package is the foreign key's to refuse; a deleted one's files leave it.
    continue when not found;
    sealed := case
      when pkg.state <> 'waiting' then pkg.state::text
      when pkg.status <> 'pending' then 'status ' || pkg.status
      when pkg.data_transfer_package_id is not null then
        'in transfer bundle ' || (select b.name from data_transfer_package b where b.id = pkg.data_transfer_package_id)
      when exists (select 1 from physical_copy c join data_location l on l.id = c.data_location_id
                    where c.raw_data_package_id = package_id and l.location_type <> 'source') then 'it has copies beyond SOURCE'
      when exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = package_id) then 'it has archive transfers'
      when pkg.sealed_at is not null then
        'since ' || to_char(pkg.sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '; moved back, it stays sealed'
    end;
    if sealed is not null then
      raise exception 'raw data package % is sealed (%): raw data file % (%) cannot %', pkg.name, sealed, f.id, f.relative_path,
          case when joins then 'join it, as its tar does not hold the file'
               when tg_op = 'DELETE' then 'be deleted, as its tar holds the file'
               else 'leave it, as its tar holds the file' end
        using errcode = 'restrict_violation', constraint = 'raw_data_package_files_fixed_once_sealed',
              hint = case when joins
                          then 'leave the file out of the package: a file in no package stays at SOURCE (ccat-ops copy deletable)'
                          when tg_op = 'DELETE'
                          then 'keep the file''s row while its package is sealed: the package''s tar holds the file'
                          else 'leave the file in its package' end;
    end if;
  end loop;
  return f;
end;
$$;`);
    this.addSql(`create trigger "raw_data_package_files_fixed_once_sealed_on_delete" before delete on "raw_data_file"
  for each row when (old.raw_data_package_id is not null)
  execute function "raw_data_package_files_fixed_once_sealed_fn"();`);
    this.addSql(`create or replace function "audit_finding_locks_its_archive_copy_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_level = 'ROW' then
    perform 1 from physical_copy c join data_location l on l.id = c.data_location_id
     where c.id = new.physical_copy_id and l.location_type = 'long_term_archive'
       for no key update of c;
    return new;
  end if;
  perform 1 from physical_copy c join data_location l on l.id = c.data_location_id
   where c.id in (select n.physical_copy_id from new_rows n where n.physical_copy_id is not null and n.resolved_at is null)
     and l.location_type = 'long_term_archive'
   order by c.id
     for no key update of c;
  return null;
end;
$$;
create trigger "audit_finding_locks_its_archive_copy" after insert on "audit_finding"
  referencing new table as new_rows
  for each statement execute function "audit_finding_locks_its_archive_copy_fn"();`);
    this.addSql(`create trigger "audit_finding_locks_its_archive_copy_on_reopen" before update of resolved_at, physical_copy_id on "audit_finding"
  for each row when (new.physical_copy_id is not null and new.resolved_at is null
                     and (old.resolved_at is not null or old.physical_copy_id is distinct from new.physical_copy_id))
  execute function "audit_finding_locks_its_archive_copy_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "audit_finding_locks_its_archive_copy_on_reopen" on "audit_finding";`);
    this.addSql(`drop trigger if exists "audit_finding_locks_its_archive_copy" on "audit_finding";`);
    this.addSql(`drop function if exists "audit_finding_locks_its_archive_copy_fn"();`);
    this.addSql(`drop trigger if exists "raw_data_package_files_fixed_once_sealed_on_delete" on "raw_data_file";`);
    this.addSql(`create or replace function "raw_data_package_files_fixed_once_sealed_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  joins boolean;
  package_id uuid;
  pkg record;
  sealed text;
begin
  foreach joins in array case when tg_op = 'INSERT' then array[true] else array[false, true] end loop
    package_id := case when joins then new.raw_data_package_id else old.raw_data_package_id end;
    continue when package_id is null;
    -- Locked for update: a transaction sealing it (updating it, or adding a copy or archive transfer
    -- of it, whose foreign-key check holds a key-share lock on it) waits for this one, or this one for
    -- it and then sees it sealed.
    select p.name, p.state, p.status, p.data_transfer_package_id into pkg
      from raw_data_package p where p.id = package_id for update;
    -- An unknown package is the foreign key's to refuse; a deleted one's files leave it.
    continue when not found;
    sealed := case
      when pkg.state <> 'waiting' then pkg.state::text
      when pkg.status <> 'pending' then 'status ' || pkg.status
      when pkg.data_transfer_package_id is not null then
        'in transfer bundle ' || (select b.name from data_transfer_package b where b.id = pkg.data_transfer_package_id)
      when exists (select 1 from physical_copy c join data_location l on l.id = c.data_location_id
                    where c.raw_data_package_id = package_id and l.location_type <> 'source') then 'it has copies beyond SOURCE'
      when exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = package_id) then 'it has archive transfers'
    end;
    if sealed is not null then
      raise exception 'raw data package % is sealed (%): raw data file % (%) cannot %', pkg.name, sealed, new.id, new.relative_path,
          case when joins then 'join it, as its tar does not hold the file' else 'leave it, as its tar holds the file' end
        using errcode = 'restrict_violation', constraint = 'raw_data_package_files_fixed_once_sealed',
              hint = case when joins
                          then 'leave the file out of the package: a file in no package stays at SOURCE (ccat-ops copy deletable)'
                          else 'leave the file in its package' end;
    end if;
  end loop;
  return new;
end;
$$;`);
    this.addSql(`drop trigger if exists "raw_data_package_sealed_for_good_by_archive_transfer" on "long_term_archive_transfer";`);
    this.addSql(`drop trigger if exists "raw_data_package_sealed_for_good_by_copy" on "physical_copy";`);
    this.addSql(`drop function if exists "raw_data_package_sealed_for_good_by_move_fn"();`);
    this.addSql(`drop trigger if exists "raw_data_package_sealed_for_good" on "raw_data_package";`);
    this.addSql(`drop function if exists "raw_data_package_sealed_for_good_fn"();`);
    this.addSql(`alter table "raw_data_package" drop column "sealed_at";`);
  }

}
