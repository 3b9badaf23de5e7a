import sql from 'sql-template-tag';
import { rows, type Queryable } from '../views/queryable.js';
import { policyReasons } from './deletion-policy.js';

/** What keeps a copy from being deleted now: a database rule (a constraint name) or a ccat-ops policy rule. */
export interface KeptBy {
  rule: string;
  /** A sentence saying why, naming the copy and the package or transfer concerned. */
  detail: string;
  /** What would let it go. */
  hint: string;
  /** `database`: the deletion guard refuses it whoever writes; `policy`: ccat-ops does not offer it. */
  by: 'database' | 'policy';
}

/**
 * The database's own rules (DESIGN §6, physical_copy_deletion_blockers, which the deletion guard
 * calls too): one row per copy of `ids` that a rule keeps, with the rule's constraint name.
 */
function databaseBlockers(ids: string[]) {
  return TEMPORARY_BLOCKERS(ids);
}

// TEMPORARY, until physical_copy_deletion_blockers lands on main: the same two rules as the
// deletion guard (entities/physical-copy-deletion-guard.ts), as one query. Replace by a call of
// the database function; do not keep two copies of the rules.
const TEMPORARY_BLOCKERS = (ids: string[]) => sql`
  with c as (
    select c.id, c.data_location_id,
           case when c.data_transfer_package_id is null then coalesce(c.raw_data_package_id, f.raw_data_package_id)
                else b.id end as package_id
      from physical_copy c
      left join raw_data_file f on f.id = c.raw_data_file_id
      left join raw_data_package b on b.data_transfer_package_id = c.data_transfer_package_id
     where c.id = any(${ids}::bigint[])
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
  select distinct on (id) id::text as "copyId", rule, detail, hint from kept order by id, priority, detail`;

/**
 * Why each copy of `ids` may not be deleted now, by id: the policy's reasons first, then the
 * database's. A copy not in the map is deletable.
 */
export async function keptBy(db: Queryable, ids: string[]): Promise<Map<string, KeptBy[]>> {
  const kept = new Map<string, KeptBy[]>();
  if (ids.length === 0) return kept;
  type Row = { copyId: string; rule: string; detail: string; hint: string };
  const add = (found: Row[], by: KeptBy['by']) => {
    for (const { copyId, ...reason } of found) {
      const list = kept.get(copyId) ?? [];
      list.push({ ...reason, by });
      kept.set(copyId, list);
    }
  };
  add(await rows<Row>(db, policyReasons(ids)), 'policy');
  add(await rows<Row>(db, databaseBlockers(ids)), 'database');
  return kept;
}
