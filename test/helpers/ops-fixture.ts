import { seedDatabase } from '../../src/seed/seed-database.js';
import type { TestDatabase } from './test-database.js';

/**
 * A small, known picture of operations for the on-call view tests, on top of the bundled reference
 * data. Times are relative to now, so "stuck for 6h" and "last 24 h" mean the same whenever it runs.
 *
 * Executed obs units E1 (GEco, 3 days ago), E2 (Cal, 30 h ago), E3 (GEco, running, 1 h ago).
 * Packages P1 = E1/LFA and P2 = E1/HFA (archived), P3 = E2/LFA (waiting, 30 h old), P4 = E3/280 GHz.
 * Two files per package. Bundles B1 = {P1, P2}, B2 = {P3}, B3 = {P4}.
 * Transfers (ids in insertion order):
 *   1 B1 ccat/buffer → cologne/buffer  ccat_to_cologne  completed 2 days ago
 *   2 B1 cologne/buffer → us/buffer    cologne_to_us    completed 20 h ago
 *   3 B2 ccat/buffer → cologne/buffer  ccat_to_cologne  failed (3 retries), updated 10 h ago, two log entries
 *   4 B2 cologne/buffer → us/buffer    cologne_to_us    pending, updated 8 h ago
 *   5 B3 ccat/buffer → cologne/buffer  ccat_to_cologne  in_progress, updated 1 h ago
 *   6 B3 ccat/buffer → cologne/buffer  ccat_to_cologne  failed (1 retry), updated 2 h ago
 * Archive transfers: 1 P1 completed 2 days ago, 2 P2 completed 20 h ago, 3 P3 failed, 4 P4 pending.
 * Copies: files of P1 and P2 at cologne/buffer; P1 and P2 at cologne/lta; P1 at us/lta; files of P3
 * at ccat/buffer; B1 at ccat/buffer (deleted).
 */
export const E1 = '00000000-0000-4000-8000-0000000000e1';
export const E2 = '00000000-0000-4000-8000-0000000000e2';
export const E3 = '00000000-0000-4000-8000-0000000000e3';
export const P = {
  1: '00000000-0000-4000-8000-0000000000a1',
  2: '00000000-0000-4000-8000-0000000000a2',
  3: '00000000-0000-4000-8000-0000000000a3',
  4: '00000000-0000-4000-8000-0000000000a4',
};
export const GB = 1_000_000_000;

const FIXTURE_SQL = `
insert into source (name, source_type, ra_deg, dec_deg) values ('orion-kl', 'fixed', 83.8, -5.4);
insert into obs_unit (name, observing_program_id, source_id, obs_mode_id, priority)
select v.name, (select id from observing_program where short_name = v.program), (select id from source where name = 'orion-kl'),
       (select min(id) from obs_mode), 1
  from (values ('ou-geco-1', 'GEco'), ('ou-cal-1', 'Cal')) v(name, program);
insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time)
select v.id::uuid, (select id from obs_unit where name = v.ou), v.status, now() - v.ago::interval,
       case when v.status = 'running' then null else now() - v.ago::interval + interval '40 minutes' end
  from (values ('${E1}', 'ou-geco-1', 'completed', '3 days'), ('${E2}', 'ou-cal-1', 'completed', '30 hours'),
               ('${E3}', 'ou-geco-1', 'running', '1 hour')) v(id, ou, status, ago);
create temp table fx_module as
  select m.id, i.name || '/' || m.name as key from instrument_module m join instrument i on i.id = m.instrument_id;
insert into data_transfer_package (name, relative_path, size_bytes, checksum, checksum_algorithm, status, created_at)
values ('B1', 'bundles/B1.tar', ${30 * GB}, 'b1', 'sha256', 'completed', now() - interval '3 days'),
       ('B2', 'bundles/B2.tar', ${20 * GB}, 'b2', 'sha256', 'completed', now() - interval '30 hours'),
       ('B3', 'bundles/B3.tar', ${5 * GB}, 'b3', 'sha256', 'completed', now() - interval '1 hour');
create temp table fx_pkg as
  select * from (values ('${P[1]}', 'P1', '${E1}', 'CHAI/LFA', ${10 * GB}::bigint, 'completed', 'archived', 'B1', '3 days'),
                        ('${P[2]}', 'P2', '${E1}', 'CHAI/HFA', ${20 * GB}::bigint, 'completed', 'archived', 'B1', '3 days'),
                        ('${P[3]}', 'P3', '${E2}', 'CHAI/LFA', ${20 * GB}::bigint, 'pending', 'waiting', 'B2', '30 hours'),
                        ('${P[4]}', 'P4', '${E3}', 'Prime-Cam/280 GHz', ${5 * GB}::bigint, 'pending', 'waiting', 'B3', '1 hour'))
         v(id, name, e, module, size, status, state, bundle, ago);
insert into raw_data_package (id, name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, created_at)
select v.id::uuid, v.name, v.e::uuid, (select id from fx_module where key = v.module), 'packages/' || v.name || '.tar', v.size,
       now() - v.ago::interval
  from fx_pkg v;
insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                           checksum, checksum_algorithm, created_at)
select p.executed_obs_unit_id, p.instrument_module_id, p.id, 'raw/' || p.name || '/' || f || '.fits', p.size_bytes / 2,
       md5(p.name || f), 'md5', p.created_at + f * interval '1 second'
  from raw_data_package p cross join generate_series(1, 2) f order by p.name, f;
-- Packed, then sealed: a sealed package keeps its files (raw_data_package_files_fixed_once_sealed).
update raw_data_package p
   set checksum = 'c-' || v.name, checksum_algorithm = 'sha256', status = v.status, state = v.state,
       archived_at = case when v.state = 'archived' then now() - interval '2 days' end,
       data_transfer_package_id = (select id from data_transfer_package where name = v.bundle)
  from fx_pkg v where p.id = v.id::uuid;
create temp table fx_loc as
  select l.id, s.short_name || '/' || l.name as key from data_location l join site s on s.id = l.site_id;
insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, route_id, status, unpack_status,
                           retry_count, bytes_transferred, started_at, finished_at, error_message, created_at, updated_at)
select (select id from data_transfer_package where name = v.bundle), (select id from fx_loc where key = v.origin),
       (select id from fx_loc where key = v.dest), (select id from data_transfer_route where name = v.route), v.status,
       case when v.status = 'completed' then 'completed' else 'pending' end, v.retries,
       case when v.status = 'completed' then (select size_bytes from data_transfer_package where name = v.bundle) else 0 end,
       case when v.status <> 'pending' then now() - v.updated::interval - interval '2 hours' end,
       case when v.status in ('completed', 'failed') then now() - v.updated::interval end,
       case when v.status = 'failed' then 'bbcp: connection reset by peer' end,
       now() - v.updated::interval - interval '2 hours', now() - v.updated::interval
  from (values (1, 'B1', 'ccat/buffer', 'cologne/buffer', 'ccat_to_cologne', 'completed', 0, '2 days'),
               (2, 'B1', 'cologne/buffer', 'us/buffer', 'cologne_to_us', 'completed', 0, '20 hours'),
               (3, 'B2', 'ccat/buffer', 'cologne/buffer', 'ccat_to_cologne', 'failed', 3, '10 hours'),
               (4, 'B2', 'cologne/buffer', 'us/buffer', 'cologne_to_us', 'pending', 0, '8 hours'),
               (5, 'B3', 'ccat/buffer', 'cologne/buffer', 'ccat_to_cologne', 'in_progress', 0, '1 hour'),
               (6, 'B3', 'ccat/buffer', 'cologne/buffer', 'ccat_to_cologne', 'failed', 1, '2 hours'))
       v(n, bundle, origin, dest, route, status, retries, updated)
 order by v.n;
insert into data_transfer_log (data_transfer_id, log_path, message, created_at)
values (3, '/var/log/ccat/transfers/3-1.log', 'bbcp: connection reset by peer (attempt 3)', now() - interval '10 hours'),
       (3, '/var/log/ccat/transfers/3-0.log', 'bbcp: connection reset by peer (attempt 2)', now() - interval '11 hours');
insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id, status, retry_count,
                                        started_at, finished_at, error_message, created_at, updated_at)
select (select id from raw_data_package where name = v.pkg), (select id from fx_loc where key = 'cologne/buffer'),
       (select id from fx_loc where key = 'cologne/lta'), v.status, v.retries,
       case when v.status <> 'pending' then now() - v.updated::interval - interval '1 hour' end,
       case when v.status in ('completed', 'failed') then now() - v.updated::interval end,
       case when v.status = 'failed' then 's3: 503 Slow Down' end,
       now() - v.updated::interval - interval '1 hour', now() - v.updated::interval
  from (values (1, 'P1', 'completed', 0, '2 days'), (2, 'P2', 'completed', 0, '20 hours'),
               (3, 'P3', 'failed', 3, '5 hours'), (4, 'P4', 'pending', 0, '30 minutes')) v(n, pkg, status, retries, updated)
 order by v.n;
insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status, created_at)
select 'raw_data_file', f.id, (select id from fx_loc where key = case when p.name = 'P3' then 'ccat/buffer' else 'cologne/buffer' end),
       'present', f.created_at
  from raw_data_file f join raw_data_package p on p.id = f.raw_data_package_id where p.name in ('P1', 'P2', 'P3')
 order by f.relative_path;
insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, verified_at, created_at)
select 'raw_data_package', (select id from raw_data_package where name = v.pkg), (select id from fx_loc where key = v.loc),
       'present', now() - interval '1 day', now() - interval '2 days'
  from (values (1, 'P1', 'cologne/lta'), (2, 'P2', 'cologne/lta'), (3, 'P1', 'us/lta')) v(n, pkg, loc) order by v.n;
insert into physical_copy (copy_type, data_transfer_package_id, data_location_id, status, deleted_at, created_at)
select 'data_transfer_package', id, (select id from fx_loc where key = 'ccat/buffer'), 'deleted', now() - interval '1 day',
       now() - interval '3 days'
  from data_transfer_package where name = 'B1';
drop table fx_module; drop table fx_loc; drop table fx_pkg;
`;

/** Seeds the reference data and loads the fixture above into the test database. */
export async function loadOpsFixture(db: TestDatabase): Promise<void> {
  const em = await db.em();
  await seedDatabase(em as never);
  await db.query(FIXTURE_SQL);
}
