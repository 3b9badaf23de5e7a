/**
 * Synthetic, realistic ops-db data for benchmarks (issue: data and transfer views).
 *
 * A year of observations at the default scale: ~7,300 executed obs units, ~44,000 raw data
 * packages (one per unit and module), ~1.1 M raw data files, transfer bundles of 10 packages moving
 * ccat → cologne → us, long-term-archive transfers, and physical copies at several locations, with
 * transfers in every status. Everything is generated inside PostgreSQL (INSERT … SELECT over
 * generate_series), so loading runs at the server's own speed. Deterministic for a given seed.
 * It adds to what the database holds: every step after the obs units works only on the rows this
 * run created (other executed units, packages and bundles are left alone), so it can run again, or
 * on a database that already holds real data.
 *
 *   ccat-ops db init --database-url URL            # schema and the reference data first
 *   node --import tsx bench/generate/generate.ts --database-url URL [--scale 1] [--transfers N] [--seed 0.42]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.CCAT_OPS_DATABASE_URL },
    scale: { type: 'string', default: '1' },
    days: { type: 'string', default: '365' },
    'units-per-day': { type: 'string', default: '20' },
    'files-per-package': { type: 'string', default: '25' },
    'packages-per-bundle': { type: 'string', default: '10' },
    /** At most this many data_transfer rows (there are two per bundle, one per hop). */
    transfers: { type: 'string' },
    seed: { type: 'string', default: '0.42' },
  },
});
if (!values['database-url']) throw new Error('pass --database-url (or set CCAT_OPS_DATABASE_URL)');

const scale = Number(values.scale);
const days = Number(values.days);
const units = Math.round(days * Number(values['units-per-day']) * scale);
const filesPerPackage = Number(values['files-per-package']);
const perBundle = Number(values['packages-per-bundle']);

const client = new pg.Client({ connectionString: values['database-url'] });
await client.connect();

async function step(label: string, sql: string, params: unknown[] = []): Promise<void> {
  const t0 = performance.now();
  const r = await client.query(sql, params);
  const rows = r.rowCount ?? 0;
  // The first table written (a step may also note the new rows' ids in a gen_* table).
  const table = /(?:insert into|update)\s+(\w+)/i.exec(sql)?.[1];
  if (table) await client.query(`analyze ${table}`);
  console.log(
    `${label.padEnd(34)} ${String(rows).padStart(11)} rows  ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`,
  );
}

const loc = async (site: string, name: string): Promise<number> => {
  const r = await client.query<{ id: number }>(
    'select l.id from data_location l join site s on s.id = l.site_id where s.short_name = $1 and l.name = $2',
    [site, name],
  );
  if (!r.rowCount) throw new Error(`location ${site}/${name} is missing: run \`ccat-ops db init\` first`);
  return r.rows[0].id;
};
const L = {
  ccatBuffer: await loc('ccat', 'buffer'),
  cologneBuffer: await loc('cologne', 'buffer'),
  cologneLta: await loc('cologne', 'lta'),
  usBuffer: await loc('us', 'buffer'),
  usLta: await loc('us', 'lta'),
};
const route = async (name: string) =>
  (await client.query<{ id: number }>('select id from data_transfer_route where name = $1', [name])).rows[0]?.id;
const R = { toCologne: await route('ccat_to_cologne'), toUs: await route('cologne_to_us') };

const t0 = performance.now();
await client.query(`select setseed($1)`, [Number(values.seed)]);
await client.query(`set synchronous_commit = off`);
await client.query(`set maintenance_work_mem = '1GB'`);
await client.query(`set work_mem = '256MB'`);

// Bulk-load practice: drop the secondary indexes of the tables being filled (not those behind
// constraints, which the load itself relies on) and build them again once, at the end.
const LOADED = [
  'executed_obs_unit',
  'raw_data_package',
  'raw_data_file',
  'data_transfer_package',
  'data_transfer',
  'data_transfer_log',
  'long_term_archive_transfer',
  'physical_copy',
];
const secondary = (
  await client.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    [LOADED],
  )
).rows;
for (const ix of secondary) await client.query(`drop index ${pg.escapeIdentifier(ix.name)}`);
// The rows this run creates, so every later step leaves what was there before alone.
await client.query(`create temp table gen_eou (id uuid primary key)`);
await client.query(`create temp table gen_pkg (id uuid primary key)`);
await client.query(`create temp table gen_bundle (id int primary key)`);
// Bundle names continue after every bundle there is: `bundle-N` is unique across runs.
const bundleBase = Number(
  (await client.query<{ n: string }>('select coalesce(max(id), 0)::text as n from data_transfer_package')).rows[0].n,
);
let rebuilt = false;
async function rebuildIndexes(): Promise<void> {
  if (rebuilt) return;
  rebuilt = true;
  const started = performance.now();
  for (const ix of secondary) await client.query(ix.def);
  console.log(
    `${'indexes rebuilt'.padEnd(34)} ${String(secondary.length).padStart(11)} idx   ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`,
  );
}
process.on('SIGINT', () => void rebuildIndexes().finally(() => process.exit(130)));
try {
  await step(
    'sources',
    `insert into source (name, source_type, ra_deg, dec_deg)
   select 'bench-src-' || i, 'fixed', random() * 359.99, random() * 180 - 90 from generate_series(1, 500) i
   on conflict do nothing`,
  );
  await step(
    'obs units',
    `insert into obs_unit (name, observing_program_id, source_id, obs_mode_id, priority)
   select 'bench-ou-' || i,
          (select id from observing_program order by id offset (i % (select count(*) from observing_program)) limit 1),
          (select id from source where name = 'bench-src-' || (1 + i % 500)),
          (select id from obs_mode order by id limit 1), i % 10
   from generate_series(1, 2000) i
   on conflict do nothing`,
  );
  await step(
    'executed obs units',
    `with new as (
   insert into executed_obs_unit (obs_unit_id, status, start_time, end_time, conditions, created_at, updated_at)
   select ou.id, st.status, st.t, st.t + interval '40 minutes',
          jsonb_build_object('pwv_mm', round((random() * 2)::numeric, 2)), st.t, st.t
   from generate_series(1, $1::int) i
   cross join lateral (select now() - ($2::int * random() * interval '1 day') as t,
                              case when random() < 0.95 then 'completed' when random() < 0.6 then 'failed' else 'aborted' end as status,
                              1 + (i % 2000) as ou) st
   join obs_unit ou on ou.name = 'bench-ou-' || st.ou
   returning id)
   insert into gen_eou select id from new`,
    [units, days],
  );
  await step(
    'raw data packages',
    `with new as (
   insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, created_at, updated_at)
   select 'pkg-' || e.id || '-' || m.id, e.id, m.id, 'packages/' || e.id || '/' || m.id || '.tar',
          (1e9 + random() * 49e9)::bigint, e.end_time, e.end_time
   from gen_eou g join executed_obs_unit e on e.id = g.id cross join instrument_module m
   returning id)
   insert into gen_pkg select id from new`,
  );
  await step(
    'raw data files',
    `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                              checksum, checksum_algorithm, created_at, updated_at)
   select p.executed_obs_unit_id, p.instrument_module_id, p.id, 'raw/' || p.id || '/' || lpad(f::text, 4, '0') || '.fits',
          p.size_bytes / $1, md5(p.id::text || f), 'md5', p.created_at, p.created_at
   from gen_pkg g join raw_data_package p on p.id = g.id cross join generate_series(1, $1::int) f`,
    [filesPerPackage],
  );
  await step(
    'transfer bundles',
    `with new as (
   insert into data_transfer_package (name, relative_path, size_bytes, checksum, checksum_algorithm, status, created_at, updated_at)
   select 'bundle-' || ($3::int + b), 'bundles/bundle-' || ($3::int + b) || '.tar', 0,
          encode(sha256(($3::int + b)::text::bytea), 'hex'), 'sha256', 'completed',
          now() - (b::float / greatest(1, ceil(count(*) over () ))) * $2::int * interval '1 day', now()
   from generate_series(1, ceil((select count(*) from gen_pkg)::numeric / $1)::int) b
   returning id)
   insert into gen_bundle select id from new`,
    [perBundle, days, bundleBase],
  );
  await step(
    // Sealed (their tars' checksums, archived when older than two days) once their files are in:
    // a sealed package keeps its files (raw_data_package_files_fixed_once_sealed).
    'packages sealed into bundles',
    `with numbered as (select p.id, (row_number() over (order by p.created_at) - 1) / $1 + 1 as b,
                              e.start_time < now() - interval '2 days' as old, e.end_time
                        from gen_pkg g join raw_data_package p on p.id = g.id
                        join executed_obs_unit e on e.id = p.executed_obs_unit_id)
   update raw_data_package p set data_transfer_package_id = d.id,
          checksum = encode(sha256((p.executed_obs_unit_id::text || p.instrument_module_id)::bytea), 'hex'),
          checksum_algorithm = 'sha256',
          status = case when n.old then 'completed' else 'pending' end,
          state = case when n.old then 'archived' else 'waiting' end,
          archived_at = case when n.old then n.end_time + interval '1 day' end
   from numbered n join data_transfer_package d on d.name = 'bundle-' || ($2::int + n.b) where p.id = n.id`,
    [perBundle, bundleBase],
  );
  await step(
    'bundle sizes',
    `update data_transfer_package d set size_bytes = s.total, created_at = s.created, updated_at = s.created
   from (select data_transfer_package_id id, sum(size_bytes) total, max(created_at) created
           from gen_pkg g join raw_data_package p on p.id = g.id group by 1) s
   where d.id = s.id`,
  );
  await step(
    'data transfers',
    `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, route_id, status, unpack_status,
                              retry_count, bytes_transferred, started_at, finished_at, error_message, created_at, updated_at)
   select d.id, r.origin, r.dest, r.route, st.status,
          case when st.status = 'completed' then 'completed' else 'pending' end,
          case when st.status = 'failed' then 3 when random() < 0.03 then 1 + floor(random() * 3)::int else 0 end,
          case when st.status = 'completed' then d.size_bytes when st.status = 'in_progress' then d.size_bytes / 2 else 0 end,
          case when st.status <> 'pending' then st.t end,
          case when st.status in ('completed', 'failed') then st.t + interval '2 hours' end,
          case when st.status = 'failed' then 'bbcp: connection reset by peer' end, st.t,
          case when st.status in ('completed', 'failed') then st.t + interval '2 hours' else st.t end
   from gen_bundle g join data_transfer_package d on d.id = g.id
   cross join (values ($1::int, $2::int, $3::int, 0), ($2::int, $4::int, $5::int, 1)) r(origin, dest, route, hop)
   cross join lateral (
     select d.created_at + (r.hop * interval '6 hours') as t,
            case when d.created_at + (r.hop * interval '6 hours') > now() - interval '8 hours'
                   then (array['pending', 'pending', 'scheduled', 'in_progress'])[1 + floor(random() * 4)::int]
                 when random() < 0.004 then 'failed'
                 when random() < 0.0005 then 'in_progress'
                 else 'completed' end as status) st
   ${values.transfers ? 'limit $6' : ''}`,
    [
      L.ccatBuffer,
      L.cologneBuffer,
      R.toCologne ?? null,
      L.usBuffer,
      R.toUs ?? null,
      ...(values.transfers ? [Number(values.transfers)] : []),
    ],
  );
  await step(
    'transfer logs (failures)',
    `insert into data_transfer_log (data_transfer_id, log_path, message, created_at)
   select t.id, '/var/log/ccat/transfers/' || t.id || '.log', t.error_message, t.finished_at
   from gen_bundle g join data_transfer t on t.data_transfer_package_id = g.id where t.status = 'failed'`,
  );
  await step(
    'long-term-archive transfers',
    `insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id, status, started_at,
                                           finished_at, created_at, updated_at)
   select p.id, $1, $2, case when p.state = 'archived' then 'completed' else 'pending' end,
          p.created_at + interval '12 hours', case when p.state = 'archived' then p.archived_at end,
          p.created_at + interval '12 hours', coalesce(p.archived_at, p.created_at)
   from gen_pkg g join raw_data_package p on p.id = g.id`,
    [L.cologneBuffer, L.cologneLta],
  );
  for (const [label, location] of [
    ['copies: files at cologne/buffer', L.cologneBuffer],
    ['copies: files at us/buffer', L.usBuffer],
  ] as const) {
    await step(
      label,
      `insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status, relative_path, created_at, updated_at)
     select 'raw_data_file', f.id, $1, 'present', f.relative_path, f.created_at, f.created_at
     from gen_pkg g join raw_data_file f on f.raw_data_package_id = g.id`,
      [location],
    );
  }
  for (const [label, location] of [
    ['copies: packages at cologne/lta', L.cologneLta],
    ['copies: packages at us/lta', L.usLta],
  ] as const) {
    await step(
      label,
      `insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status, relative_path, verified_at, created_at, updated_at)
     select 'raw_data_package', p.id, $1, 'present', p.relative_path, p.archived_at, p.archived_at, p.archived_at
     from gen_pkg g join raw_data_package p on p.id = g.id where p.state = 'archived'`,
      [location],
    );
  }
  await step(
    'copies: bundles at ccat/buffer (deleted)',
    `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id, status, relative_path, deleted_at, created_at, updated_at)
   select 'data_transfer_package', d.id, $1, 'deleted', d.relative_path, d.created_at + interval '3 days', d.created_at, d.created_at
   from gen_bundle g join data_transfer_package d on d.id = g.id`,
    [L.ccatBuffer],
  );
} finally {
  await rebuildIndexes();
}
await step('analyze', 'vacuum analyze');
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await client.end();
