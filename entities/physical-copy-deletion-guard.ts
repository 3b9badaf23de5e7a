import type { TriggerDef } from '@mikro-orm/core';

/** The rule names a refused deletion reports (the error's `constraint` field). */
export const NEEDED_BY_STAGING = 'physical_copy_needed_by_staging';
export const SOURCE_KEPT_UNTIL_ARCHIVED = 'physical_copy_source_kept_until_archived';

/** Statuses that take a copy towards deletion. */
const DELETION_STATUSES = "('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted')";

/** What a long-term archive copy of package `p` needs before SOURCE data of it may go (DESIGN §6). */
const VERIFIED_IN_LTA = `exists (select 1 from physical_copy a join data_location l on l.id = a.data_location_id
                    where a.raw_data_package_id = p.id and a.status = 'present'
                      and l.location_type = 'long_term_archive'
                      and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null)`;

/**
 * The guarded locations of the current statement (SOURCE locations, and destinations of staging
 * jobs not finished), written once per statement by the statement-level trigger. Unset (a statement
 * the statement trigger did not see) means every location is guarded, so the row check still runs.
 */
const AT_GUARDED_LOCATION = `old.data_location_id = any(coalesce(nullif(current_setting('ccat_ops.deletion_guarded_locations', true), ''),
                                               '{' || old.data_location_id || '}')::int[])`;

/**
 * DESIGN §6: the deletion guard of physical copies, whoever writes. A copy going towards deletion
 * (a deletion status, deleted_at set, or the row deleted) is refused when
 * - `physical_copy_needed_by_staging`: a staging job that is not finished brings its package to the
 *   copy's location (keyed on the job, not the location's type, which can change under a running job);
 * - `physical_copy_source_kept_until_archived`: the copy is at a SOURCE location and its raw data
 *   package (the copy's own, its file's, or every package of a transfer bundle) is not `archived`
 *   with a `present` copy in a long-term archive whose checksum was verified (verified_at set and a
 *   checksum recorded, the copy's own or the package's).
 *
 * Cost: the row trigger fires only when status or deleted_at moves towards deletion (or a row is
 * deleted) at one of the few guarded locations; a statement-level trigger works those out once per
 * statement, so a bulk deletion at a BUFFER location costs one small query, not one per row
 * (bench/copies). One function serves the three triggers; its search_path is pinned.
 */
export const DELETION_GUARD_FUNCTION = `create or replace function "physical_copy_deletion_guard_fn"() returns trigger
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
      using errcode = 'restrict_violation', constraint = '${NEEDED_BY_STAGING}',
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
        using errcode = 'restrict_violation', constraint = '${SOURCE_KEPT_UNTIL_ARCHIVED}',
              hint = 'pack the data into a raw data package and archive it first';
    end if;
    -- one package at a time, by primary key: a set-based query here is planned badly per row
    foreach pkg in array packages loop
      select p.name, p.state, ${VERIFIED_IN_LTA} as verified into facts
        from raw_data_package p where p.id = pkg;
      if facts.state <> 'archived' then
        raise exception 'physical copy % at a SOURCE location cannot be deleted: its raw data package % is %, not archived', old.id, facts.name, facts.state
          using errcode = 'restrict_violation', constraint = '${SOURCE_KEPT_UNTIL_ARCHIVED}',
                hint = 'wait until the package is archived in a long-term archive, then delete the SOURCE copy';
      elsif not facts.verified then
        raise exception 'physical copy % at a SOURCE location cannot be deleted: its raw data package % has no present copy in a long-term archive whose checksum was verified', old.id, facts.name
          using errcode = 'restrict_violation', constraint = '${SOURCE_KEPT_UNTIL_ARCHIVED}',
                hint = 'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy';
      end if;
    end loop;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;`;

/** The triggers of physical_copy that run the guard: raw DDL, so the function above comes with them. */
export const DELETION_GUARD_TRIGGERS: TriggerDef[] = [
  {
    name: 'deletion_guard_statement',
    timing: 'before',
    events: ['update', 'delete'],
    forEach: 'statement',
    expression: `${DELETION_GUARD_FUNCTION}
create trigger "deletion_guard_statement" before update of status, deleted_at or delete on "physical_copy"
  for each statement execute function "physical_copy_deletion_guard_fn"();`,
  },
  {
    name: 'deletion_guard',
    timing: 'before',
    events: ['update'],
    expression: `create trigger "deletion_guard" before update of status, deleted_at on "physical_copy" for each row
  when (((new.status is distinct from old.status and new.status in ${DELETION_STATUSES})
         or (new.deleted_at is not null and old.deleted_at is null))
        and ${AT_GUARDED_LOCATION})
  execute function "physical_copy_deletion_guard_fn"();`,
  },
  {
    name: 'deletion_guard_on_delete',
    timing: 'before',
    events: ['delete'],
    expression: `create trigger "deletion_guard_on_delete" before delete on "physical_copy" for each row
  when (old.status <> 'deleted' and ${AT_GUARDED_LOCATION})
  execute function "physical_copy_deletion_guard_fn"();`,
  },
];
