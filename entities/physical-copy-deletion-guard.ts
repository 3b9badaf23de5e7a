import { Routine, type TriggerDef } from '@mikro-orm/core';

/** The rule names a refused deletion reports (the error's `constraint` field). */
export const NEEDED_BY_STAGING = 'physical_copy_needed_by_staging';
export const SOURCE_KEPT_UNTIL_ARCHIVED = 'physical_copy_source_kept_until_archived';

/** Statuses that take a copy towards deletion. */
const DELETION_STATUSES = "('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted')";

/**
 * A raw data package is verified in a long-term archive when it has a `present` copy in an active
 * one whose checksum was verified (verified_at set and a checksum recorded to verify against, the
 * copy's own or the package's) and that no open audit finding calls into question (missing, a size
 * or checksum mismatch, unreadable…: a later audit that finds the copy fine resolves it). An
 * inactive archive or a copy an audit found damaged is no safe keeping. The SOURCE rule below and
 * ccat-ops' BUFFER and PROCESSING deletion policies all ask this.
 */
export const VERIFIED_IN_LTA_FUNCTION = `create or replace function "raw_data_package_verified_in_lta"(package_id uuid)
  returns boolean language sql stable set search_path = pg_catalog, public as $$
  select exists (select 1 from physical_copy a
                   join data_location l on l.id = a.data_location_id
                   join raw_data_package p on p.id = a.raw_data_package_id
                  where a.raw_data_package_id = package_id and a.status = 'present'
                    and l.location_type = 'long_term_archive' and l.active
                    and a.verified_at is not null and coalesce(a.checksum, p.checksum) is not null
                    and not exists (select 1 from audit_finding f
                                     where f.physical_copy_id = a.id and f.resolved_at is null))
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

/** Where the rules below can keep a copy: SOURCE locations, and where an unfinished staging job brings data. */
const GUARDED_LOCATIONS = `select l.id from data_location l
     where l.location_type = 'source'
        or l.id in (select s.destination_location_id from staging_job_package s where s.status in ${ACTIVE_STAGING})`;

/**
 * DESIGN §6, the two rules that keep a copy from going towards deletion, as one set-based query over
 * `moved`, a CTE with physical_copy's columns put before it (the rows a statement moved, or the copies a
 * command asks about). For each copy it yields the first rule that keeps it, if any:
 * - `physical_copy_needed_by_staging`: a staging job that is not finished brings the copy's package to
 *   the copy's location (keyed on the job, not the location's type, which can change under a job);
 * - `physical_copy_source_kept_until_archived`: the copy is at a SOURCE location and one of its raw
 *   data packages (its own, its file's, or every package of a transfer bundle) is not `archived`
 *   and verified in a long-term archive (`raw_data_package_verified_in_lta`); a copy that belongs to
 *   no package is kept.
 * `detail` is the sentence the guard raises. Copies that share a location, a package of their own
 * (a package copy's package, or a file copy's file_package_id, looked up from the file where it is
 * not set) and a bundle share every verdict, so the rules judge such groups (100 k copies of a bulk
 * update belong to a few hundred packages) and only the copies of a kept group are listed again:
 * all of them (`each`), or the one with the lowest id (`first`, all the guard raises). Only groups
 * at a guarded location (a SOURCE location, or the destination of an unfinished staging job) are
 * judged. With `first`, the one row it yields also lists the packages the SOURCE rule asked about
 * (`source_packages`), for the guard to lock their archive copies and ask again.
 */
const keptCopiesOfMoved = (copies: 'each' | 'first') => `groups as materialized (
    select m.data_location_id,
           coalesce(m.raw_data_package_id, m.file_package_id,
                    (select f.raw_data_package_id from raw_data_file f where f.id = m.raw_data_file_id)) as own_package_id,
           m.data_transfer_package_id, ${copies === 'each' ? 'array_agg(m.id)' : 'array[min(m.id)]'} as copy_ids
      from moved m group by 1, 2, 3
  ),
  guarded as (
    select g.copy_ids, g.data_location_id, g.own_package_id, g.data_transfer_package_id,
           l.location_type = 'source' as at_source
      from groups g join data_location l on l.id = g.data_location_id
     where l.id in (${GUARDED_LOCATIONS})
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
    select k.id, 1 as priority, '${NEEDED_BY_STAGING}' as rule,
           format('physical copy %s is needed by an active staging job and cannot be deleted', k.id) as detail,
           'wait for the staging job to finish, or cancel it with ccat-ops staging cancel' as hint
      from c join staging_job_package s on s.destination_location_id = c.data_location_id
                                        and s.raw_data_package_id = c.package_id
           cross join unnest(c.copy_ids) k(id)
     where s.status in ${ACTIVE_STAGING}
    union all
    select k.id, 2, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           format('physical copy %s at a SOURCE location cannot be deleted: it belongs to no raw data package, so nothing of it is archived', k.id),
           'pack the data into a raw data package and archive it first'
      from c cross join unnest(c.copy_ids) k(id) where c.at_source and c.package_id is null
    union all
    select k.id, 3, '${SOURCE_KEPT_UNTIL_ARCHIVED}',
           case when u.state <> 'archived'
                then format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s is %s, not archived', k.id, u.name, u.state)
                else format('physical copy %s at a SOURCE location cannot be deleted: its raw data package %s has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions', k.id, u.name) end,
           case when u.state <> 'archived'
                then 'wait until the package is archived in a long-term archive, then delete the SOURCE copy'
                else 'verify the package''s copy in an active long-term archive (ccat-ops audit copies --mode checksum; open findings: ccat-ops audit findings --unresolved), then delete the SOURCE copy' end
      from c join unsafe u on u.id = c.package_id cross join unnest(c.copy_ids) k(id) where c.at_source
  )
  ${
    copies === 'each'
      ? 'select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail'
      : `, chosen as (select distinct on (id) id as copy_id, rule, detail, hint from kept order by id, priority, detail limit 1)
  select k.copy_id, k.rule, k.detail, k.hint,
         array(select distinct c.package_id from c where c.at_source and c.package_id is not null) as source_packages
    from (select) one left join chosen k on true`
  }`;

/**
 * The rules as a function of any copies (given as physical_copy rows, so deleted ones can be asked
 * about too): one row per copy a rule keeps. `ccat-ops copy deletable` calls it. Dynamic SQL on
 * purpose: planned for each call with the number of copies known, not once for all sizes.
 */
export const DELETION_BLOCKERS_FUNCTION = `create or replace function "physical_copy_deletion_blockers"(copies physical_copy[])
  returns table (copy_id bigint, rule text, detail text, hint text)
  language plpgsql stable set search_path = pg_catalog, public as $$
begin
  return query execute $q$with moved as (select * from unnest($1)), ${keptCopiesOfMoved('each')}$q$ using copies;
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
 * trigger runs after every update; it returns at once when no new row is towards deletion, or when
 * no row of the statement is at a guarded location (a bulk update at a BUFFER), and otherwise picks
 * the moved rows by comparing the old and new status and deleted_at (a hash semi-join of the
 * statement's rows). Dynamic SQL, so each statement is planned with its own number of rows. The
 * planner cannot know how many of those rows a filter keeps (transition tables have no statistics)
 * and, guessing a few hundred, would sort 100 k rows to group them: the query runs with sorting
 * off where it can be avoided (hash aggregation), and with JIT off, which the penalty PostgreSQL
 * puts on a plan that still sorts (the final DISTINCT ON) would otherwise switch on at a cost of
 * hundreds of ms. One function serves both triggers; its search_path is pinned.
 * When SOURCE copies pass, the guard holds their packages' present archive copies `for share` until
 * the transaction ends, as `copy schedule-deletion` does, and asks those packages again: a writer of
 * plain SQL that deletes SOURCE copies and an audit finding opening on an archive copy they rely on
 * (`audit_finding_locks_its_archive_copy`) then serialize, whatever else either of them locks. The
 * archive copies of a few hundred packages, not a lock per SOURCE copy. A TRUNCATE, which has no
 * rows to judge, is refused while any live copy is at a guarded location.
 */
export const DELETION_GUARD_FUNCTION = `create or replace function "physical_copy_deletion_guard_fn"() returns trigger
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
     where c.status <> 'deleted' and c.data_location_id in (${GUARDED_LOCATIONS}) limit 1;
    if found then
      raise exception 'physical_copy cannot be truncated: it holds live copies (such as %) %', guarded.id,
          case when guarded.at_source then 'at a SOURCE location' else 'that an active staging job brings' end
        using errcode = 'restrict_violation',
              constraint = case when guarded.at_source then '${SOURCE_KEPT_UNTIL_ARCHIVED}' else '${NEEDED_BY_STAGING}' end,
              hint = 'TRUNCATE skips the deletion rules: delete copies with DELETE, which they judge';
    end if;
    return null;
  end if;
  if tg_op = 'DELETE' then
    moved := $m$select o.* from old_rows o where o.status <> 'deleted'$m$;
  elsif not exists (select 1 from new_rows n where n.status in ${DELETION_STATUSES} or n.deleted_at is not null) then
    return null; -- nothing is towards deletion now (audits setting verified_at, say): no join needed
  else
    moved := $m$select o.* from old_rows o
                 where exists (select 1 from new_rows n
                                where n.id = o.id
                                  and ((n.status is distinct from o.status and n.status in ${DELETION_STATUSES})
                                       or (n.deleted_at is not null and o.deleted_at is null)))$m$;
  end if;
  if not exists (select 1 from old_rows o where o.data_location_id in (${GUARDED_LOCATIONS})) then
    return null; -- no row at a SOURCE location or where a staging job brings data (a BUFFER, say)
  end if;
  -- set back below (an error undoes them with its transaction); JIT off, as sorting off makes plans look costly
  perform set_config('enable_sort', 'off', true), set_config('jit', 'off', true);
  judge := 'with moved as (' || moved || '), ' || $q$${keptCopiesOfMoved('first')}$q$;
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

/**
 * TRUNCATE runs no row or statement rule of a table: the guard's function is run before it too and
 * refuses it while any live copy is at a guarded location. Not among the entity's triggers: the
 * schema comparison reads triggers from information_schema, which lists no TRUNCATE trigger, so it
 * would always call it missing. The migration creates it, and `db adopt` (TRUNCATE_TRIGGERS).
 */
export const DELETION_GUARD_ON_TRUNCATE = `create trigger "deletion_guard_on_truncate" before truncate on "physical_copy"
  for each statement execute function "physical_copy_deletion_guard_fn"();`;
