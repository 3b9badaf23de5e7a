import { Routine, type TriggerDef } from '@mikro-orm/core';

/** The rule names a refused deletion reports (the error's `constraint` field). */
export const NEEDED_BY_STAGING = 'physical_copy_needed_by_staging';
export const SOURCE_KEPT_UNTIL_ARCHIVED = 'physical_copy_source_kept_until_archived';

/** Statuses that take a copy towards deletion. */
const DELETION_STATUSES = "('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted')";

/**
 * DESIGN §6, the two rules that keep a copy from going towards deletion, in one set-based SQL
 * function that the guard trigger and `ccat-ops copy deletable` both call. For each copy given (as
 * rows of physical_copy, so a trigger can pass the rows of a statement, deleted ones included) it
 * returns the first rule that keeps it, if any:
 * - `physical_copy_needed_by_staging`: a staging job that is not finished brings the copy's package to
 *   the copy's location (keyed on the job, not the location's type, which can change under a job);
 * - `physical_copy_source_kept_until_archived`: the copy is at a SOURCE location and one of its raw
 *   data packages (its own, its file's, or every package of a transfer bundle) is not `archived`
 *   with a `present` copy in a long-term archive whose checksum was verified (verified_at set and a
 *   checksum recorded, the copy's own or the package's); a copy that belongs to no package is kept.
 * `detail` is the sentence the trigger raises; copies no rule keeps are not returned.
 */
export const DELETION_BLOCKERS_FUNCTION = `create or replace function "physical_copy_deletion_blockers"(copies physical_copy[])
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
    select c.id, 1 as priority, '${NEEDED_BY_STAGING}' as rule,
           format('physical copy %s is needed by an active staging job and cannot be deleted', c.id) as detail,
           'wait for the staging job to finish, or cancel it with ccat-ops staging cancel' as hint
      from c join staging_job_package s on s.destination_location_id = c.data_location_id
                                        and s.raw_data_package_id = c.package_id
     where s.status in ('pending', 'scheduled', 'in_progress')
    union all
    select s.id, 2, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           format('physical copy %s at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', s.id),
           'pack the data into a raw data package and archive it first'
      from at_source s where s.package_id is null
    union all
    select s.id, 3, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s is %s, not archived', s.id, p.name, p.state),
           'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
      from at_source s join package p on p.id = s.package_id where p.state <> 'archived'
    union all
    select s.id, 4, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in a long-term archive whose checksum was verified', s.id, p.name),
           'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy'
      from at_source s join package p on p.id = s.package_id where p.state = 'archived' and not p.verified
  )
  select distinct on (id) id, rule, detail, hint from kept order by id, priority, detail;
$$;`;

/** The same function as a routine of the schema, so migrations create it and drift checks know it. */
export const DeletionBlockers = new Routine({
  name: 'physical_copy_deletion_blockers',
  type: 'function',
  params: { copies: { type: 'physical_copy[]' } },
  returns: { runtimeType: 'object', columnType: 'table(copy_id bigint, rule text, detail text, hint text)' },
  expression: DELETION_BLOCKERS_FUNCTION,
});

/**
 * The guard: after each UPDATE or DELETE statement on physical_copy, the copies it moved towards
 * deletion (a deletion status, deleted_at set, or a row not yet deleted removed) go through
 * physical_copy_deletion_blockers once, as a set, and the first one kept fails the statement with
 * the rule's name as its constraint. Set-based on purpose: a per-row check cost ~90 µs a copy at a
 * SOURCE location (bench/copies). PostgreSQL allows transition tables only on triggers without a
 * column list, so the trigger runs after every update, and first picks the moved rows by comparing
 * the old and new status and deleted_at. One function serves both triggers; its search_path is pinned.
 */
export const DELETION_GUARD_FUNCTION = `create or replace function "physical_copy_deletion_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  moved physical_copy[];
  kept record;
begin
  if tg_op = 'DELETE' then
    moved := array(select o from old_rows o where o.status <> 'deleted');
  else
    moved := array(select o from old_rows o join new_rows n on n.id = o.id
                    where (n.status is distinct from o.status and n.status in ${DELETION_STATUSES})
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
$$;`;

/** The triggers of physical_copy that run the guard: raw DDL, so the functions above come with them. */
export const DELETION_GUARD_TRIGGERS: TriggerDef[] = [
  {
    name: 'deletion_guard',
    timing: 'after',
    events: ['update'],
    forEach: 'statement',
    expression: `${DELETION_GUARD_FUNCTION}
create trigger "deletion_guard" after update on "physical_copy"
  referencing old table as old_rows new table as new_rows
  for each statement execute function "physical_copy_deletion_guard_fn"();`,
  },
  {
    name: 'deletion_guard_on_delete',
    timing: 'after',
    events: ['delete'],
    forEach: 'statement',
    expression: `create trigger "deletion_guard_on_delete" after delete on "physical_copy"
  referencing old table as old_rows
  for each statement execute function "physical_copy_deletion_guard_fn"();`,
  },
];
