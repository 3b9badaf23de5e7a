import { loadOpsFixture } from './ops-fixture.js';
import type { TestDatabase } from './test-database.js';

/**
 * The ops fixture (ops-fixture.ts) plus copies at a SOURCE, a PROCESSING and a second BUFFER
 * location, for the deletion tests. Copies by id:
 *  1–4  files of P1 (1, 2: 5 GB) and P2 (3, 4: 10 GB) at cologne/buffer, 3 days old: deletable (P1, P2
 *       verified in cologne/lta; B1 sent on to us/buffer). Oldest first: 1, 3, 2, 4 (1 and 3 were
 *       recorded at the same time, then 2 and 4).
 *  5–6  files of P3 at ccat/buffer: kept (P3 not in a long-term archive, B2's transfer failed).
 *  7–9  package copies in long-term archives: never offered. 10: B1 at ccat/buffer, deleted.
 *  11–12 files of P1 at ccat/telescope_computer (SOURCE): deletable (P1 archived and verified).
 *  13–14 files of P3 at ccat/telescope_computer: kept by physical_copy_source_kept_until_archived.
 *  15   P1 at ramses/processing, staged: kept by physical_copy_needed_by_staging (a job in progress).
 *  16   P2 at ramses/processing, staged: deletable.
 *  17   P2 at us/buffer: deletable (no route leaves us, so nothing has to be sent on).
 */
const EXTRA_SQL = `
insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status, created_at)
select 'raw_data_file', f.id,
       (select l.id from data_location l join site s on s.id = l.site_id where s.short_name = 'ccat' and l.name = 'telescope_computer'),
       'present', f.created_at - interval '1 hour'
  from raw_data_file f join raw_data_package p on p.id = f.raw_data_package_id where p.name in ('P1', 'P3')
 order by p.name, f.relative_path;
insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, created_at)
select 'raw_data_package', p.id,
       (select l.id from data_location l join site s on s.id = l.site_id where s.short_name || '/' || l.name = v.loc),
       v.status, now() - interval '1 day'
  from (values (1, 'P1', 'ramses/processing', 'staged'), (2, 'P2', 'ramses/processing', 'staged'),
               (3, 'P2', 'us/buffer', 'present')) v(n, pkg, loc, status)
  join raw_data_package p on p.name = v.pkg order by v.n;
with j as (
  insert into staging_job (destination_location_id, status, requested_by, reason, started_at)
  select l.id, 'in_progress', 'test', 'reduction', now() - interval '1 hour'
    from data_location l join site s on s.id = l.site_id where s.short_name = 'ramses' and l.name = 'processing'
  returning id, destination_location_id
)
insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status, started_at)
select j.id, p.id, j.destination_location_id, 'in_progress', now() - interval '1 hour'
  from j join raw_data_package p on p.name = 'P1';
`;

export async function loadDeletionFixture(db: TestDatabase): Promise<void> {
  await loadOpsFixture(db);
  await db.query(EXTRA_SQL);
}

/** The status of each copy of `ids`, by id. */
export async function statuses(db: TestDatabase, ids: number[]): Promise<Record<number, string>> {
  const found = await db.query<{ id: string; status: string }>(
    'select id, status from physical_copy where id = any($1::bigint[]) order by id',
    [ids],
  );
  return Object.fromEntries(found.map((r) => [Number(r.id), r.status]));
}
