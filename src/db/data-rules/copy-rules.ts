import { NEEDED_BY_STAGING, SOURCE_KEPT_UNTIL_ARCHIVED } from '../../../entities/physical-copy-deletion-guard.js';
import { validateConstraint, type DataRule } from './data-rule.js';

const ITEMS = [
  { item: 'raw_data_file', column: 'raw_data_file_id', noun: 'file' },
  { item: 'raw_data_package', column: 'raw_data_package_id', noun: 'package' },
  { item: 'data_transfer_package', column: 'data_transfer_package_id', noun: 'transfer package' },
] as const;

/** Deletion statuses: a copy in one of them has left `present` towards deletion. */
const DELETING = "('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted')";

/**
 * One live copy of an item per location, keyed on `status`. The migration rebuilds the index on
 * status only where no location already holds two status-live copies of an item; until then the old
 * index on `deleted_at` stays (the same for new writes, which physical_copy_deleted_iff_deleted_at
 * keeps in step), and `--validate` rebuilds it once the duplicates are gone.
 */
function liveUnique({ item, column, noun }: (typeof ITEMS)[number]): DataRule {
  const name = `physical_copy_${item}_live_unique`;
  const predicate = `status <> 'deleted' and ${column} is not null`;
  return {
    name,
    table: 'physical_copy',
    rule: `one live (status not deleted) copy of a ${noun} per location`,
    fix: 'mark all but one of the live copies deleted (status deleted, deleted_at set)',
    violations: `select 'copies ' || string_agg(c.id::text, ', ' order by c.id) as key,
                        count(*) || ' live copies of ${noun} ' || c.${column} || ' at location ' || c.data_location_id as detail
                   from physical_copy c where c.${predicate}
                  group by c.${column}, c.data_location_id having count(*) > 1
                  order by min(c.id)`,
    validate: {
      pending: `select indexdef not like '%status <> %' as pending from pg_indexes
                 where schemaname = current_schema() and indexname = '${name}'`,
      apply: [
        `create unique index "${name}_rekeyed" on "physical_copy" ("${column}", "data_location_id") where ${predicate}`,
        `drop index "${name}"`,
        `alter index "${name}_rekeyed" rename to "${name}"`,
      ],
    },
  };
}

/** The raw data packages a copy belongs to: its own, its file's, or every package of a bundle. */
const COPY_PACKAGES = `(select coalesce(c.raw_data_package_id,
                                  (select f.raw_data_package_id from raw_data_file f where f.id = c.raw_data_file_id))
                          where c.data_transfer_package_id is null
                         union all
                         select p.id from raw_data_package p
                          where p.data_transfer_package_id = c.data_transfer_package_id)`;

/** The rules about physical copies (status and deleted_at, one live copy per location, deletion guards). */
export const COPY_RULES: DataRule[] = [
  {
    name: 'physical_copy_deleted_iff_deleted_at',
    table: 'physical_copy',
    rule: "a copy's status is deleted exactly when deleted_at is set",
    fix: 'set deleted_at on a deleted copy (when it went), or status deleted on a copy with deleted_at',
    violations: `select 'id ' || c.id as key,
                        case when c.status = 'deleted' then 'status deleted, no deleted_at'
                             else 'status ' || c.status || ', deleted_at ' || c.deleted_at end as detail
                   from physical_copy c where (c.status = 'deleted') <> (c.deleted_at is not null)
                  order by c.id`,
    validate: validateConstraint('physical_copy', 'physical_copy_deleted_iff_deleted_at'),
  },
  {
    name: 'physical_copy_deletion_possible_only_for_files',
    table: 'physical_copy',
    rule: 'only a raw data file copy can be deletion_possible',
    fix: 'give the package or bundle copy another status (present, or deletion_scheduled)',
    violations: `select 'id ' || c.id as key, 'a ' || c.copy_type || ' copy in deletion_possible' as detail
                   from physical_copy c where c.status = 'deletion_possible' and c.copy_type <> 'raw_data_file'
                  order by c.id`,
    validate: validateConstraint('physical_copy', 'physical_copy_deletion_possible_only_for_files'),
  },
  ...ITEMS.map(liveUnique),
  {
    name: NEEDED_BY_STAGING,
    table: 'physical_copy',
    rule: 'a copy an active staging job brings to its location is not deleted',
    fix: 'put the copy back to present if the data is there, or cancel the staging job (ccat-ops staging cancel)',
    violations: `select 'id ' || c.id as key, 'status ' || c.status || ', needed by staging job ' || s.staging_job_id as detail
                   from physical_copy c
                   left join raw_data_file f on f.id = c.raw_data_file_id
                   join staging_job_package s on s.destination_location_id = c.data_location_id
                    and s.raw_data_package_id = coalesce(c.raw_data_package_id, f.raw_data_package_id)
                    and s.status in ('pending', 'scheduled', 'in_progress')
                  where c.status in ${DELETING}
                  order by c.id`,
  },
  {
    // DESIGN §6 read on the schema: the package is archived, and it has a present copy in a
    // long-term archive that passed verification (verified_at) against a recorded checksum (the
    // copy's own or the package's) — that is, its checksum was validated at the destination.
    name: SOURCE_KEPT_UNTIL_ARCHIVED,
    table: 'physical_copy',
    rule: 'a SOURCE copy goes towards deletion only once its package is archived and checksum-verified in a long-term archive',
    fix: 'archive the package and verify its long-term archive copy (ccat-ops audit copies --mode checksum), or put the SOURCE copy back to present if the data is there',
    violations: `select 'id ' || c.id as key, 'status ' || c.status || ' at ' || l.name || ', package not archived and verified' as detail
                   from physical_copy c join data_location l on l.id = c.data_location_id
                  where l.location_type = 'source' and c.status in ${DELETING}
                    and not (exists (select 1 from ${COPY_PACKAGES} x(id) where x.id is not null)
                             and not exists (
                               select 1 from ${COPY_PACKAGES} x(id) left join raw_data_package p on p.id = x.id
                                where p.id is null or p.state <> 'archived' or not exists (
                                  select 1 from physical_copy a join data_location al on al.id = a.data_location_id
                                   where a.raw_data_package_id = p.id and a.status = 'present'
                                     and al.location_type = 'long_term_archive' and a.verified_at is not null
                                     and coalesce(a.checksum, p.checksum) is not null)))
                  order by c.id`,
  },
];
