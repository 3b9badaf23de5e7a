import { Migration } from '@mikro-orm/migrations';

/**
 * The deletion guard holds the archive copies SOURCE copies go on (entities/physical-copy-deletion-guard.ts):
 * when SOURCE copies pass, their packages' present archive copies are locked `for share` until the
 * transaction ends and the packages asked again, so a plain-SQL writer deleting SOURCE copies and an
 * audit finding opening on an archive copy they rely on (audit_finding_locks_its_archive_copy)
 * serialize, as copy schedule-deletion and a finding already did. And a finding opening on an
 * archive copy writes it (entities/audit-finding-lock-trigger.ts), so a REPEATABLE READ transaction
 * that took its snapshot before the finding committed fails to lock the copy (a serialization
 * failure) rather than rely on it. TRUNCATE, which skips row rules, is refused while physical_copy
 * holds a live copy at a guarded location (deletion_guard_on_truncate, named after the rule that
 * keeps it) and while raw_data_file holds a file of a sealed package
 * (raw_data_package_files_fixed_once_sealed_on_truncate). Written from the entities; down restores the bodies of
 * Migration20261207182000_archive_copy_trust and Migration20261207230000_sealed_for_good.
 */
export class Migration20261207235100_guard_holds_archive_copies extends Migration {

  override name = 'Migration20261207235100_guard_holds_archive_copies';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "audit_finding_locks_its_archive_copy_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_level = 'ROW' then
    perform 1 from physical_copy c join data_location l on l.id = c.data_location_id
     where c.id = new.physical_copy_id and l.location_type = 'long_term_archive'
       for no key update of c;
    if found then
      update physical_copy set updated_at = now() where id = new.physical_copy_id;
    end if;
    return new;
  end if;
  perform 1 from physical_copy c join data_location l on l.id = c.data_location_id
   where c.id in (select n.physical_copy_id from new_rows n where n.physical_copy_id is not null and n.resolved_at is null)
     and l.location_type = 'long_term_archive'
   order by c.id
     for no key update of c;
  update physical_copy c set updated_at = now() from data_location l
   where l.id = c.data_location_id and l.location_type = 'long_term_archive'
     and c.id in (select n.physical_copy_id from new_rows n where n.physical_copy_id is not null and n.resolved_at is null);
  return null;
end;
$$;`);
    this.addSql(`create or replace function "physical_copy_deletion_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public set work_mem = '64MB' as $$
declare
  moved text;
  judge text;
  kept record;
  guarded record;
  sorting text := current_setting('enable_sort');
  jitting text := current_setting('jit');
begin
  if tg_op = 'TRUNCATE' then
    -- No rows to judge: refused while any live copy is where the rules may keep it (DELETE judges them).
    select c.id, l.location_type = 'source' as at_source into guarded
      from physical_copy c join data_location l on l.id = c.data_location_id
     where c.status <> 'deleted' and c.data_location_id in (select l.id from data_location l
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ('pending', 'scheduled', 'in_progress'))) limit 1;
    if found then
      raise exception 'physical_copy cannot be truncated: it holds live copies (such as %) %', guarded.id,
          case when guarded.at_source then 'at a SOURCE location' else 'that an active staging job brings' end
        using errcode = 'restrict_violation',
              constraint = case when guarded.at_source then 'physical_copy_source_kept_until_archived' else 'physical_copy_needed_by_staging' end,
              hint = 'TRUNCATE skips the deletion rules: delete copies with DELETE, which they judge';
    end if;
    return null;
  end if;
  if tg_op = 'DELETE' then
    moved := $m$select o.* from old_rows o where o.status <> 'deleted'$m$;
  elsif not exists (select 1 from new_rows n where n.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted') or n.deleted_at is not null) then
    return null; -- nothing is towards deletion now (audits setting verified_at, say): no join needed
  else
    moved := $m$select o.* from old_rows o
                 where exists (select 1 from new_rows n
                                where n.id = o.id
                                  and ((n.status is distinct from o.status and n.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
                                       or (n.deleted_at is not null and o.deleted_at is null)))$m$;
  end if;
  if not exists (select 1 from old_rows o where o.data_location_id in (select l.id from data_location l
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ('pending', 'scheduled', 'in_progress')))) then
    return null; -- no row at a SOURCE location or where a staging job brings data (a BUFFER, say)
  end if;
  -- set back below (an error undoes them with its transaction); JIT off, as sorting off makes plans look costly
  perform set_config('enable_sort', 'off', true), set_config('jit', 'off', true);
  judge := 'with moved as (' || moved || '), ' || $q$groups as materialized (
    select m.data_location_id,
           coalesce(m.raw_data_package_id, m.file_package_id,
                    (select f.raw_data_package_id from raw_data_file f where f.id = m.raw_data_file_id)) as own_package_id,
           m.data_transfer_package_id, array[min(m.id)] as copy_ids
      from moved m group by 1, 2, 3
  ),
  guarded as (
    select g.copy_ids, g.data_location_id, g.own_package_id, g.data_transfer_package_id,
           l.location_type = 'source' as at_source
      from groups g join data_location l on l.id = g.data_location_id
     where l.id in (select l.id from data_location l
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ('pending', 'scheduled', 'in_progress')))
  ),
  c as (
    select g.copy_ids, g.data_location_id, g.at_source, g.own_package_id as package_id
      from guarded g where g.data_transfer_package_id is null
    union all
    select g.copy_ids, g.data_location_id, g.at_source, b.id
      from guarded g left join raw_data_package b on b.data_transfer_package_id = g.data_transfer_package_id
     where g.data_transfer_package_id is not null
  ),
  unsafe as (
    select p.id, p.name, p.state from raw_data_package p
     where p.id in (select c.package_id from c where c.at_source)
       and not (p.state = 'archived' and raw_data_package_verified_in_lta(p.id))
  ),
  kept as (
    select k.id, 1 as priority, 'physical_copy_needed_by_staging' as rule,
           format('physical copy %s is needed by an active staging job and cannot be deleted', k.id) as detail,
           'wait for the staging job to finish, or cancel it with ccat-ops staging cancel' as hint
      from c join staging_job_package s on s.destination_location_id = c.data_location_id
                                        and s.raw_data_package_id = c.package_id
           cross join unnest(c.copy_ids) k(id)
     where s.status in ('pending', 'scheduled', 'in_progress')
    union all
    select k.id, 2, 'physical_copy_source_kept_until_archived',
           format('physical copy %s at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', k.id),
           'pack the data into a raw data package and archive it first'
      from c cross join unnest(c.copy_ids) k(id) where c.at_source and c.package_id is null
    union all
    select k.id, 3, 'physical_copy_source_kept_until_archived',
           case when u.state <> 'archived'
                then format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s is %s, not archived', k.id, u.name, u.state)
                else format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions', k.id, u.name) end,
           case when u.state <> 'archived'
                then 'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
                else 'verify the package''s copy in an active long-term archive (ccat-ops audit copies --mode checksum; open findings: ccat-ops audit findings --unresolved), then delete the SOURCE copy' end
      from c join unsafe u on u.id = c.package_id cross join unnest(c.copy_ids) k(id) where c.at_source
  )
  , chosen as (select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail limit 1)
  select k.copy_id, k.rule, k.detail, k.hint,
         array(select distinct c.package_id from c where c.at_source and c.package_id is not null) as source_packages
    from (select) one left join chosen k on true$q$;
  execute judge into kept;
  if kept.copy_id is null and cardinality(kept.source_packages) > 0 then
    -- The SOURCE copies go on the word of their packages' archive copies: hold those (as copy
    -- schedule-deletion does) until this transaction ends. A finding opening on one meanwhile
    -- (audit_finding_locks_its_archive_copy) waits for it; or it waits for the finding, and the
    -- packages are asked again as they are now (a new snapshot in READ COMMITTED).
    perform 1 from physical_copy a join data_location l on l.id = a.data_location_id
     where a.raw_data_package_id = any(kept.source_packages) and a.status = 'present'
       and l.location_type = 'long_term_archive'
     order by a.id for share of a;
    if exists (select 1 from raw_data_package p where p.id = any(kept.source_packages)
                  and not (p.state = 'archived' and raw_data_package_verified_in_lta(p.id))) then
      execute judge into kept;
    end if;
  end if;
  perform set_config('enable_sort', sorting, true), set_config('jit', jitting, true);
  if kept.copy_id is not null then
    raise exception '%', kept.detail using errcode = 'restrict_violation', constraint = kept.rule, hint = kept.hint;
  end if;
  return null;
end;
$$;`);
    this.addSql(`create or replace function "raw_data_package_files_fixed_once_sealed_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  joins boolean;
  package_id uuid;
  pkg record;
  f raw_data_file;
  sealed text;
begin
  if tg_op = 'TRUNCATE' then
    -- No rows to judge: refused while any file is in a sealed package (DELETE judges them one by one).
    select rf.id, rf.relative_path, p.name into pkg
      from raw_data_file rf join raw_data_package p on p.id = rf.raw_data_package_id
     where p.sealed_at is not null or (p.state <> 'waiting' or p.status <> 'pending' or p.data_transfer_package_id is not null
     or exists (select 1 from physical_copy c join data_location l on l.id = c.data_location_id
                 where c.raw_data_package_id = p.id and l.location_type <> 'source')
     or exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = p.id))
     limit 1;
    if found then
      raise exception 'raw_data_file cannot be truncated: raw data package % is sealed and its tar holds raw data file % (%)',
          pkg.name, pkg.id, pkg.relative_path
        using errcode = 'restrict_violation', constraint = 'raw_data_package_files_fixed_once_sealed',
              hint = 'keep the file rows of sealed packages: their tars hold the files';
    end if;
    return null;
  end if;
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
    this.addSql(`create trigger "deletion_guard_on_truncate" before truncate on "physical_copy"
  for each statement execute function "physical_copy_deletion_guard_fn"();`);
    this.addSql(`create trigger "raw_data_package_files_fixed_once_sealed_on_truncate" before truncate on "raw_data_file"
  for each statement execute function "raw_data_package_files_fixed_once_sealed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "raw_data_package_files_fixed_once_sealed_on_truncate" on "raw_data_file";`);
    this.addSql(`drop trigger if exists "deletion_guard_on_truncate" on "physical_copy";`);
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
$$;`);
    this.addSql(`create or replace function "physical_copy_deletion_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public set work_mem = '64MB' as $$
declare
  moved text;
  kept record;
  sorting text := current_setting('enable_sort');
  jitting text := current_setting('jit');
begin
  if tg_op = 'DELETE' then
    moved := $m$select o.* from old_rows o where o.status <> 'deleted'$m$;
  elsif not exists (select 1 from new_rows n where n.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted') or n.deleted_at is not null) then
    return null; -- nothing is towards deletion now (audits setting verified_at, say): no join needed
  else
    moved := $m$select o.* from old_rows o
                 where exists (select 1 from new_rows n
                                where n.id = o.id
                                  and ((n.status is distinct from o.status and n.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
                                       or (n.deleted_at is not null and o.deleted_at is null)))$m$;
  end if;
  if not exists (select 1 from old_rows o where o.data_location_id in (select l.id from data_location l
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ('pending', 'scheduled', 'in_progress')))) then
    return null; -- no row at a SOURCE location or where a staging job brings data (a BUFFER, say)
  end if;
  -- set back below (an error undoes them with its transaction); JIT off, as sorting off makes plans look costly
  perform set_config('enable_sort', 'off', true), set_config('jit', 'off', true);
  execute 'with moved as (' || moved || '), ' || $q$groups as materialized (
    select m.data_location_id,
           coalesce(m.raw_data_package_id, m.file_package_id,
                    (select f.raw_data_package_id from raw_data_file f where f.id = m.raw_data_file_id)) as own_package_id,
           m.data_transfer_package_id, array[min(m.id)] as copy_ids
      from moved m group by 1, 2, 3
  ),
  guarded as (
    select g.copy_ids, g.data_location_id, g.own_package_id, g.data_transfer_package_id,
           l.location_type = 'source' as at_source
      from groups g join data_location l on l.id = g.data_location_id
     where l.id in (select l.id from data_location l
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ('pending', 'scheduled', 'in_progress')))
  ),
  c as (
    select g.copy_ids, g.data_location_id, g.at_source, g.own_package_id as package_id
      from guarded g where g.data_transfer_package_id is null
    union all
    select g.copy_ids, g.data_location_id, g.at_source, b.id
      from guarded g left join raw_data_package b on b.data_transfer_package_id = g.data_transfer_package_id
     where g.data_transfer_package_id is not null
  ),
  unsafe as (
    select p.id, p.name, p.state from raw_data_package p
     where p.id in (select c.package_id from c where c.at_source)
       and not (p.state = 'archived' and raw_data_package_verified_in_lta(p.id))
  ),
  kept as (
    select k.id, 1 as priority, 'physical_copy_needed_by_staging' as rule,
           format('physical copy %s is needed by an active staging job and cannot be deleted', k.id) as detail,
           'wait for the staging job to finish, or cancel it with ccat-ops staging cancel' as hint
      from c join staging_job_package s on s.destination_location_id = c.data_location_id
                                        and s.raw_data_package_id = c.package_id
           cross join unnest(c.copy_ids) k(id)
     where s.status in ('pending', 'scheduled', 'in_progress')
    union all
    select k.id, 2, 'physical_copy_source_kept_until_archived',
           format('physical copy %s at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', k.id),
           'pack the data into a raw data package and archive it first'
      from c cross join unnest(c.copy_ids) k(id) where c.at_source and c.package_id is null
    union all
    select k.id, 3, 'physical_copy_source_kept_until_archived',
           case when u.state <> 'archived'
                then format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s is %s, not archived', k.id, u.name, u.state)
                else format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions', k.id, u.name) end,
           case when u.state <> 'archived'
                then 'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
                else 'verify the package''s copy in an active long-term archive (ccat-ops audit copies --mode checksum; open findings: ccat-ops audit findings --unresolved), then delete the SOURCE copy' end
      from c join unsafe u on u.id = c.package_id cross join unnest(c.copy_ids) k(id) where c.at_source
  )
  select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail limit 1$q$ into kept;
  perform set_config('enable_sort', sorting, true), set_config('jit', jitting, true);
  if kept.copy_id is not null then
    raise exception '%', kept.detail using errcode = 'restrict_violation', constraint = kept.rule, hint = kept.hint;
  end if;
  return null;
end;
$$;`);
  }

}
