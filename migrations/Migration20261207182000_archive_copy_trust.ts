import { Migration } from '@mikro-orm/migrations';

/**
 * A package counts as verified in a long-term archive (raw_data_package_verified_in_lta) only through
 * a copy in an active archive that no open audit finding questions: a copy an audit found missing,
 * damaged or unreadable, or one in an archive taken out of service, no longer lets SOURCE copies go.
 * The deletion rules' query (physical_copy_deletion_blockers and the guard) says so in its message.
 * Written from the entities (entities/physical-copy-deletion-guard.ts); down restores the bodies of
 * Migration20261207102659_file_package_on_copies.
 */
export class Migration20261207182000_archive_copy_trust extends Migration {

  override name = 'Migration20261207182000_archive_copy_trust';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "raw_data_package_verified_in_lta"(package_id uuid)
  returns boolean language sql stable set search_path = pg_catalog, public as $$
  select exists (select 1 from physical_copy a
                   join data_location l on l.id = a.data_location_id
                   join raw_data_package p on p.id = a.raw_data_package_id
                  where a.raw_data_package_id = package_id and a.status = 'present'
                    and l.location_type = 'long_term_archive' and l.active
                    and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null
                    and not exists (select 1 from audit_finding f
                                     where f.physical_copy_id = a.id and f.resolved_at is null))
$$;`);
    this.addSql(`create or replace function "physical_copy_deletion_blockers"(copies physical_copy[])
  returns table (copy_id bigint, rule text, detail text, hint text)
  language plpgsql stable set search_path = pg_catalog, public as $$
begin
  return query execute $q$with moved as (select * from unnest($1)), groups as materialized (
    select m.data_location_id,
           coalesce(m.raw_data_package_id, m.file_package_id,
                    (select f.raw_data_package_id from raw_data_file f where f.id = m.raw_data_file_id)) as own_package_id,
           m.data_transfer_package_id, array_agg(m.id) as copy_ids
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
  select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail$q$ using copies;
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

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "raw_data_package_verified_in_lta"(package_id uuid)
  returns boolean language sql stable set search_path = pg_catalog, public as $$
  select exists (select 1 from physical_copy a
                   join data_location l on l.id = a.data_location_id
                   join raw_data_package p on p.id = a.raw_data_package_id
                  where a.raw_data_package_id = package_id and a.status = 'present'
                    and l.location_type = 'long_term_archive'
                    and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null)
$$;`);
    this.addSql(`create or replace function "physical_copy_deletion_blockers"(copies physical_copy[])
  returns table (copy_id bigint, rule text, detail text, hint text)
  language plpgsql stable set search_path = pg_catalog, public as $$
begin
  return query execute $q$with moved as (select * from unnest($1)), groups as materialized (
    select m.data_location_id,
           coalesce(m.raw_data_package_id, m.file_package_id,
                    (select f.raw_data_package_id from raw_data_file f where f.id = m.raw_data_file_id)) as own_package_id,
           m.data_transfer_package_id, array_agg(m.id) as copy_ids
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
                else format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in a long-term archive whose checksum was verified', k.id, u.name) end,
           case when u.state <> 'archived'
                then 'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
                else 'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy' end
      from c join unsafe u on u.id = c.package_id cross join unnest(c.copy_ids) k(id) where c.at_source
  )
  select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail$q$ using copies;
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
                else format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in a long-term archive whose checksum was verified', k.id, u.name) end,
           case when u.state <> 'archived'
                then 'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
                else 'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy' end
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
