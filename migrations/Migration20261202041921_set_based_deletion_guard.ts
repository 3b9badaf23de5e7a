import { Migration } from '@mikro-orm/migrations';

/**
 * Issue #13 item 4: the deletion guard checks the copies a statement moves towards deletion as one
 * set (transition tables, one query per statement) instead of one PL/pgSQL lookup per row, and the
 * two rules it enforces move into physical_copy_deletion_blockers(physical_copy[]), which
 * `ccat-ops copy deletable` calls too. The migration generator compares triggers by name only, so
 * the new trigger bodies are written here from entities/physical-copy-deletion-guard.ts.
 */
export class Migration20261202041921_set_based_deletion_guard extends Migration {

  override name = 'Migration20261202041921_set_based_deletion_guard';

  override up(): void | Promise<void> {
    this.addSql(`drop trigger if exists "deletion_guard_statement" on "physical_copy";`);
    this.addSql(`drop trigger if exists "deletion_guard" on "physical_copy";`);
    this.addSql(`drop trigger if exists "deletion_guard_on_delete" on "physical_copy";`);
    this.addSql(`create or replace function "physical_copy_deletion_blockers"(copies physical_copy[])
  returns table (copy_id bigint, rule text, detail text, hint text)
  language sql stable set search_path = pg_catalog, public as $$
  with c as (
    select c.id, c.data_location_id,
           case when c.data_transfer_package_id is null then coalesce(c.raw_data_package_id, f.raw_data_package_id)
                else b.id end as package_id
      from unnest(copies) c
      left join raw_data_file f on f.id = c.raw_data_file_id
      left join raw_data_package b on b.data_transfer_package_id = c.data_transfer_package_id
  ),
  at_source as (
    select c.* from c join data_location l on l.id = c.data_location_id where l.location_type = 'source'
  ),
  package as (
    select p.id, p.name, p.state,
           exists (select 1 from physical_copy a join data_location l on l.id = a.data_location_id
                    where a.raw_data_package_id = p.id and a.status = 'present'
                      and l.location_type = 'long_term_archive'
                      and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null) as verified
      from raw_data_package p where p.id in (select package_id from at_source)
  ),
  kept as (
    select c.id, 1 as priority, 'physical_copy_needed_by_staging' as rule,
           format('physical copy %s is needed by an active staging job and cannot be deleted', c.id) as detail,
           'wait for the staging job to finish, or cancel it with ccat-ops staging cancel' as hint
      from c join staging_job_package s on s.destination_location_id = c.data_location_id
                                        and s.raw_data_package_id = c.package_id
     where s.status in ('pending', 'scheduled', 'in_progress')
    union all
    select s.id, 2, 'physical_copy_source_kept_until_archived',
           format('physical copy %s at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', s.id),
           'pack the data into a raw data package and archive it first'
      from at_source s where s.package_id is null
    union all
    select s.id, 3, 'physical_copy_source_kept_until_archived',
           format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s is %s, not archived', s.id, p.name, p.state),
           'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
      from at_source s join package p on p.id = s.package_id where p.state <> 'archived'
    union all
    select s.id, 4, 'physical_copy_source_kept_until_archived',
           format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in a long-term archive whose checksum was verified', s.id, p.name),
           'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy'
      from at_source s join package p on p.id = s.package_id where p.state = 'archived' and not p.verified
  )
  select distinct on (id) id, rule, detail, hint from kept order by id, priority, detail;
$$;
create or replace function "physical_copy_deletion_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  moved physical_copy[];
  kept record;
begin
  if tg_op = 'DELETE' then
    moved := array(select o from old_rows o where o.status <> 'deleted');
  else
    moved := array(select o from old_rows o join new_rows n on n.id = o.id
                    where (n.status is distinct from o.status and n.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
                       or (n.deleted_at is not null and o.deleted_at is null));
  end if;
  if cardinality(moved) = 0 then
    return null;
  end if;
  select * into kept from physical_copy_deletion_blockers(moved) b order by b.copy_id limit 1;
  if found then
    raise exception '%', kept.detail using errcode = 'restrict_violation', constraint = kept.rule, hint = kept.hint;
  end if;
  return null;
end;
$$;
create trigger "deletion_guard" after update on "physical_copy"
  referencing old table as old_rows new table as new_rows
  for each statement execute function "physical_copy_deletion_guard_fn"();
create trigger "deletion_guard_on_delete" after delete on "physical_copy"
  referencing old table as old_rows
  for each statement execute function "physical_copy_deletion_guard_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "deletion_guard" on "physical_copy";`);
    this.addSql(`drop trigger if exists "deletion_guard_on_delete" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_deletion_blockers"(physical_copy[]);`);
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

}
