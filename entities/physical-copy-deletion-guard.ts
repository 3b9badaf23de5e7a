import { Routine, type TriggerDef } from '@mikro-orm/core';

/** The rule names a refused deletion reports (the error's `constraint` field). */
export const NEEDED_BY_STAGING = 'physical_copy_needed_by_staging';
export const SOURCE_KEPT_UNTIL_ARCHIVED = 'physical_copy_source_kept_until_archived';

/** Statuses that take a copy towards deletion. */
const DELETION_STATUSES = "('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted')";

/**
 * A raw data package is verified in a long-term archive when it has a `present` copy there whose
 * checksum was verified: verified_at set and a checksum recorded to verify against (the copy's own
 * or the package's). The SOURCE rule below and ccat-ops' BUFFER deletion policy both ask this.
 */
export const VERIFIED_IN_LTA_FUNCTION = `create or replace function "raw_data_package_verified_in_lta"(package_id uuid)
  returns boolean language sql stable set search_path = pg_catalog, public as $$
  select exists (select 1 from physical_copy a
                   join data_location l on l.id = a.data_location_id
                   join raw_data_package p on p.id = a.raw_data_package_id
                  where a.raw_data_package_id = package_id and a.status = 'present'
                    and l.location_type = 'long_term_archive'
                    and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null)
$$;`;

export const VerifiedInLta = new Routine({
  name: 'raw_data_package_verified_in_lta',
  type: 'function',
  params: { package_id: { type: 'uuid' } },
  returns: { runtimeType: 'boolean', columnType: 'boolean' },
  expression: VERIFIED_IN_LTA_FUNCTION,
});

/** Staging job statuses that are not finished: such a job still needs what it brings. */
const ACTIVE_STAGING = "('pending', 'scheduled', 'in_progress')";

/**
 * DESIGN §6, the two rules that keep a copy from going towards deletion, as one set-based query over
 * `moved`, a CTE with physical_copy's columns put before it (the rows a statement moved, or the copies a
 * command asks about). For each copy it yields the first rule that keeps it, if any:
 * - `physical_copy_needed_by_staging`: a staging job that is not finished brings the copy's package to
 *   the copy's location (keyed on the job, not the location's type, which can change under a job);
 * - `physical_copy_source_kept_until_archived`: the copy is at a SOURCE location and one of its raw
 *   data packages (its own, its file's, or every package of a transfer bundle) is not `archived`
 *   with a `present` copy in a long-term archive whose checksum was verified (verified_at set and a
 *   checksum recorded, the copy's own or the package's); a copy that belongs to no package is kept.
 * `detail` is the sentence the guard raises. Only copies at a guarded location (a SOURCE location,
 * or the destination of an unfinished staging job) are looked at further, and each package is
 * judged once, so a bulk update at a BUFFER costs two small lookups (bench/copies).
 */
const KEPT_COPIES_OF_MOVED = `guarded as (
    select m.id, m.data_location_id, m.raw_data_package_id, m.raw_data_file_id, m.data_transfer_package_id,
           l.location_type = 'source' as at_source
      from moved m join data_location l on l.id = m.data_location_id
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ${ACTIVE_STAGING})
  ),
  c as (
    select g.id, g.data_location_id, g.at_source,
           case when g.data_transfer_package_id is null then coalesce(g.raw_data_package_id, f.raw_data_package_id)
                else b.id end as package_id
      from guarded g
      left join raw_data_file f on f.id = g.raw_data_file_id
      left join raw_data_package b on b.data_transfer_package_id = g.data_transfer_package_id
  ),
  unsafe as (
    select p.id, p.name, p.state from raw_data_package p
     where p.id in (select c.package_id from c where c.at_source)
       and not (p.state = 'archived' and raw_data_package_verified_in_lta(p.id))
  ),
  kept as (
    select c.id, 1 as priority, '${NEEDED_BY_STAGING}' as rule,
           format('physical copy %s is needed by an active staging job and cannot be deleted', c.id) as detail,
           'wait for the staging job to finish, or cancel it with ccat-ops staging cancel' as hint
      from c join staging_job_package s on s.destination_location_id = c.data_location_id
                                        and s.raw_data_package_id = c.package_id
     where s.status in ${ACTIVE_STAGING}
    union all
    select c.id, 2, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           format('physical copy %s at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', c.id),
           'pack the data into a raw data package and archive it first'
      from c where c.at_source and c.package_id is null
    union all
    select c.id, 3, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           case when u.state <> 'archived'
                then format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s is %s, not archived', c.id, u.name, u.state)
                else format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in a long-term archive whose checksum was verified', c.id, u.name) end,
           case when u.state <> 'archived'
                then 'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
                else 'verify the package''s copy in the long-term archive (ccat-ops audit copies --mode checksum), then delete the SOURCE copy' end
      from c join unsafe u on u.id = c.package_id where c.at_source
  )
  select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail`;

/**
 * The rules as a function of any copies (given as physical_copy rows, so deleted ones can be asked
 * about too): one row per copy a rule keeps. `ccat-ops copy deletable` calls it. Dynamic SQL on
 * purpose: planned for each call with the number of copies known, not once for all sizes.
 */
export const DELETION_BLOCKERS_FUNCTION = `create or replace function "physical_copy_deletion_blockers"(copies physical_copy[])
  returns table (copy_id bigint, rule text, detail text, hint text)
  language plpgsql stable set search_path = pg_catalog, public as $$
begin
  return query execute $q$with moved as (select * from unnest($1)), ${KEPT_COPIES_OF_MOVED}$q$ using copies;
end;
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
 * deletion (a deletion status, deleted_at set, or a row not yet deleted removed) go through the
 * rules' query once, as a set, and the first one kept fails the statement with the rule's name as
 * its constraint. Set-based on purpose: a per-row check cost ~90 µs a copy at a SOURCE location
 * (bench/copies). PostgreSQL allows transition tables only on triggers without a column list, so the
 * trigger runs after every update and first picks the moved rows by comparing the old and new status
 * and deleted_at (a hash join of the statement's rows). Dynamic SQL, so each statement is planned
 * with its own number of rows. One function serves both triggers; its search_path is pinned.
 */
export const DELETION_GUARD_FUNCTION = `create or replace function "physical_copy_deletion_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public set work_mem = '64MB' as $$
declare
  moved text;
  kept record;
begin
  if tg_op = 'DELETE' then
    moved := $m$select o.* from old_rows o where o.status <> 'deleted'$m$;
  elsif not exists (select 1 from new_rows n where n.status in ${DELETION_STATUSES} or n.deleted_at is not null) then
    return null; -- nothing is towards deletion now (audits setting verified_at, say): no join needed
  else
    moved := $m$select o.* from old_rows o join new_rows n on n.id = o.id
                 where (n.status is distinct from o.status and n.status in ${DELETION_STATUSES})
                    or (n.deleted_at is not null and o.deleted_at is null)$m$;
  end if;
  execute 'with moved as (' || moved || '), ' || $q$${KEPT_COPIES_OF_MOVED} limit 1$q$ into kept;
  if kept.copy_id is not null then
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
