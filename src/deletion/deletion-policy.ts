import sql, { join, type Sql } from 'sql-template-tag';
import { LocationType } from '../../entities/enums.js';

/**
 * Which copies ccat-ops offers for deletion, by the type of their location. This is ccat-ops'
 * policy for choosing, not a database rule: the database's own rules (a SOURCE copy is kept until
 * its package is archived and verified, a copy an active staging job needs is kept) are
 * `physical_copy_deletion_blockers`, read by deletion-blockers.ts, and enforced by the deletion
 * guard whoever writes. A copy is deletable when the policy below and the database rules both let
 * it go.
 *
 * - SOURCE: every `present` copy; the database rules decide.
 * - BUFFER: a `present` copy once every raw data package it holds has a present, checksum-verified
 *   copy in a long-term archive, and — when an active route leaves the buffer's site — its transfer
 *   package was sent on from this buffer (a transfer from it completed and unpacked).
 * - LONG_TERM_ARCHIVE: never offered; archive copies are removed by hand if ever.
 * - PROCESSING: a `present` or `staged` copy (staging brings packages there as `staged`) once every
 *   raw data package it holds is verified in a long-term archive, as at a BUFFER: what was staged
 *   from an archive can go, what exists only here (a file registered at the processing location,
 *   never packed and archived) is kept; the database rule keeps those an active staging job needs.
 */

/** Policy rule names, reported like the database's constraint names. */
export const POLICY_RULES = {
  notCandidate: 'copy_not_present',
  archiveNeverOffered: 'long_term_archive_never_offered',
  bufferKeptUntilArchived: 'buffer_kept_until_in_long_term_archive',
  bufferKeptUntilSentOn: 'buffer_kept_until_sent_onward',
  processingKeptUntilArchived: 'processing_kept_until_in_long_term_archive',
} as const;

/** The statuses a copy may have to be offered, by location type (none: never offered). */
export const CANDIDATE_STATUSES: Record<LocationType, readonly string[]> = {
  [LocationType.SOURCE]: ['present'],
  [LocationType.BUFFER]: ['present'],
  [LocationType.LONG_TERM_ARCHIVE]: [],
  [LocationType.PROCESSING]: ['present', 'staged'],
};

/** The candidate statuses of a copy at a location of type `type` (an SQL expression), as a text[]. */
export function candidateStatusesOf(type: Sql): Sql {
  const cases = Object.entries(CANDIDATE_STATUSES).map(([t, statuses]) => sql`when ${t} then ${statuses}::text[]`);
  return sql`(case ${type} ${join(cases, ' ')} else '{}'::text[] end)`;
}

/**
 * One row per (copy, policy rule that keeps it) among the copies `ids`: `copy_id`, `rule`, `detail`,
 * `hint` (the shape of the database's blockers). SOURCE copies are kept only by their status (the
 * database rules decide the rest), archive copies always. "Verified" is the database's own
 * `raw_data_package_verified_in_lta`, the function the SOURCE rule asks.
 */
export function policyReasons(ids: string[]): Sql {
  const candidateStatuses = candidateStatusesOf(sql`l.location_type`);
  return sql`
    with c as (
      select c.id, c.status, l.location_type, c.status = any(${candidateStatuses}) as candidate, l.site_id, c.data_location_id,
             s.short_name || '/' || l.name as location,
             c.data_transfer_package_id as bundle_id,
             coalesce(c.raw_data_package_id, f.raw_data_package_id) as package_id
        from physical_copy c
        join data_location l on l.id = c.data_location_id
        join site s on s.id = l.site_id
        left join raw_data_file f on f.id = c.raw_data_file_id
       where c.id = any(${ids}::bigint[])
    ),
    held as (
      -- every raw data package a BUFFER or PROCESSING copy holds: its own, its file's, or each of its bundle's
      select c.id as copy_id, c.location_type, c.data_location_id, c.location, p.id, p.name,
             p.data_transfer_package_id as bundle_id, raw_data_package_verified_in_lta(p.id) as verified
        from c cross join lateral (
               select * from raw_data_package p where c.bundle_id is null and p.id = c.package_id
               union all
               select * from raw_data_package p where p.data_transfer_package_id = c.bundle_id) p
       where c.location_type in ('buffer', 'processing') and c.candidate
    ),
    buffered as (select * from held where location_type = 'buffer'),
    onward as (
      -- BUFFER copies that must have been sent on: an active route leaves the buffer's site
      select c.* from c
       where c.location_type = 'buffer' and c.candidate
         and exists (select 1 from data_transfer_route r
                      where r.active and (r.origin_site_id = c.site_id or r.relay_site_id = c.site_id))
    ),
    kept as (
      select c.id, 1 as priority, ${POLICY_RULES.notCandidate} as rule,
             format('copy %s is %s, not present', c.id, c.status) as detail,
             format('a copy is offered for deletion only while it is %s; see it with ccat-ops copy list --location %s --status %s',
                    array_to_string(${candidateStatusesOf(sql`c.location_type`)}, ' or '), c.location, c.status) as hint
        from c
       where c.location_type <> 'long_term_archive' and not c.candidate
      union all
      select c.id, 2, ${POLICY_RULES.archiveNeverOffered},
             format('copy %s is in the long-term archive %s: ccat-ops never offers archive copies for deletion', c.id, c.location),
             'an archive copy is removed by hand through the deletion service, if ever'
        from c where c.location_type = 'long_term_archive'
      union all
      select c.id, 3, ${POLICY_RULES.bufferKeptUntilArchived},
             format('copy %s at the buffer %s belongs to no raw data package, so nothing of it is in a long-term archive', c.id, c.location),
             'pack the data into a raw data package and archive it first'
        from c where c.location_type = 'buffer' and c.candidate
                 and not exists (select 1 from buffered b where b.copy_id = c.id)
      union all
      select b.copy_id, 4, ${POLICY_RULES.bufferKeptUntilArchived},
             format('copy %s at the buffer %s: its raw data package %s has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions',
                    b.copy_id, b.location, b.name),
             format('wait for the archive transfer (ccat-ops archive list --package %s), then verify the archive copy (ccat-ops audit copies --mode checksum)', b.name)
        from buffered b where not b.verified
      union all
      select c.id, 3, ${POLICY_RULES.processingKeptUntilArchived},
             format('copy %s at the processing location %s belongs to no raw data package, so nothing of it is in a long-term archive', c.id, c.location),
             'pack the data into a raw data package and archive it first, or delete it by hand if it is scratch'
        from c where c.location_type = 'processing' and c.candidate
                 and not exists (select 1 from held h where h.copy_id = c.id)
      union all
      select h.copy_id, 4, ${POLICY_RULES.processingKeptUntilArchived},
             format('copy %s at the processing location %s: its raw data package %s has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions',
                    h.copy_id, h.location, h.name),
             format('archive the package first (ccat-ops archive list --package %s), then verify the archive copy (ccat-ops audit copies --mode checksum)', h.name)
        from held h where h.location_type = 'processing' and not h.verified
      union all
      select o.id, 5, ${POLICY_RULES.bufferKeptUntilSentOn},
             format('copy %s at the buffer %s: its raw data package %s is in no transfer package yet, so it was not sent on', o.id, o.location, b.name),
             format('wait until the package is bundled and sent on from %s (ccat-ops transfer list --origin %s)', o.location, o.location)
        from onward o join buffered b on b.copy_id = o.id where b.bundle_id is null
      union all
      select distinct on (o.id) o.id, 6, ${POLICY_RULES.bufferKeptUntilSentOn},
             format('copy %s at the buffer %s: its transfer package %s has no completed (and unpacked) transfer from %s',
                    o.id, o.location, d.name, o.location),
             format('wait for the transfer (ccat-ops transfer list --origin %s), or reset a failed one (ccat-ops transfer reset)', o.location)
        from onward o join buffered b on b.copy_id = o.id
        join data_transfer_package d on d.id = b.bundle_id
       where not exists (select 1 from data_transfer t
                          where t.data_transfer_package_id = b.bundle_id and t.origin_location_id = o.data_location_id
                            and t.status = 'completed' and t.unpack_status = 'completed')
    )
    select id::text as "copyId", rule, detail, hint from kept order by id, priority, detail`;
}

/**
 * Under schedule-deletion: the present archive copies of the packages the copies `ids` hold (at
 * SOURCE, BUFFER or PROCESSING), and their archive locations, read `for share`, so none of the copies
 * can go, no audit finding can open on one (`audit_finding_locks_its_archive_copy` locks it
 * `for no key update`) and no archive can be taken out of service, while the scheduling transaction is
 * open: an archive copy lost or questioned after the re-check would otherwise leave a copy scheduled
 * on its word.
 */
export function lockArchiveCopies(ids: string[]): Sql {
  return sql`
    select a.id from physical_copy a
      join data_location al on al.id = a.data_location_id and al.location_type = 'long_term_archive'
     where a.status = 'present'
       and a.raw_data_package_id in (
             select coalesce(c.raw_data_package_id, f.raw_data_package_id)
               from physical_copy c left join raw_data_file f on f.id = c.raw_data_file_id
              where c.id = any(${ids}::bigint[]) and c.data_transfer_package_id is null
             union all
             select p.id from physical_copy c join raw_data_package p on p.data_transfer_package_id = c.data_transfer_package_id
              where c.id = any(${ids}::bigint[]))
     order by a.id
       for share of a, al`;
}
