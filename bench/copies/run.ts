/**
 * The cost of the physical-copy deletion guard (issue #13): the same bulk status UPDATE of N copies
 * (present → deletion_scheduled) timed with the guard's triggers enabled and with them disabled
 * (`alter table … disable trigger`), alternating, in one run; the ratio is of the medians. Besides
 * the wall time it reports the CPU time of the server process that ran the UPDATE (from /proc, when
 * the server runs on this machine), which the load of other processes on the host disturbs far less.
 *   buffer  copies at a BUFFER location (the common bulk deletion): the guard only decides, once per
 *           statement, that the location is not guarded
 *   source  copies at a SOURCE location whose packages are archived and verified in an LTA: every
 *           row is checked (the rule's full cost)
 *   verify  an update that moves nothing towards deletion (audits set verified_at on every copy they
 *           check): the guard only finds that no row moved
 *
 *   node_modules/.bin/node --import tsx bench/copies/run.ts --database-url postgres://postgres@127.0.0.1/bench_copies \
 *     [--copies 100000] [--runs 3] [--scenario buffer --scenario source --scenario verify]
 *
 * It (re)creates the database named in the URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { databaseName, withDatabase } from '../../src/config/connection.js';
import { ormOptions } from '../../src/db/orm-config.js';
import { median } from '../median.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_copies' },
    copies: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    scenario: { type: 'string', multiple: true, default: ['buffer', 'source', 'verify'] },
  },
});
const url = values['database-url']!;
const copies = Number(values.copies);
const runs = Number(values.runs);
const FILES_PER_PACKAGE = 100;
const TRIGGERS = ['deletion_guard', 'deletion_guard_on_delete'];

async function makeDatabase(): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${databaseName(url)} with (force)`);
  await admin.query(`create database ${databaseName(url)}`);
  await admin.end();
  const orm = await MikroORM.init(ormOptions({ clientUrl: url }));
  await orm.migrator.up();
  await orm.close(true);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const packages = Math.ceil(copies / FILES_PER_PACKAGE);
  await db.query(`
    insert into site (short_name, name) values ('bench', 'Bench');
    insert into data_location (site_id, name, location_type, storage_type, root_path)
      select id, v.name, v.type, 'disk', '/' || v.name from site,
        (values ('buffer', 'buffer'), ('source', 'source'), ('lta', 'long_term_archive'), ('processing', 'processing')) v(name, type);
    insert into observatory (name) values ('bench');
    insert into telescope (observatory_id, name) select id, 'bench' from observatory;
    insert into instrument (telescope_id, name, instrument_type) select id, 'bench', 'heterodyne' from telescope;
    insert into instrument_module (instrument_id, name) select id, 'bench' from instrument;
    insert into observing_program (short_name, name) values ('bench', 'Bench');
    insert into source (name, source_type, ra_deg, dec_deg) values ('bench', 'fixed', 0, 0);
    insert into obs_mode (name) values ('bench');
    insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
      select 'bench', (select id from observing_program), (select id from source), (select id from obs_mode);
    insert into executed_obs_unit (obs_unit_id, start_time) select id, now() from obs_unit;
    insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
      select 'p' || g, (select id from executed_obs_unit), (select id from instrument_module), 'p' || g || '.tar'
        from generate_series(1, ${packages}) g;
    insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path, size_bytes,
                               checksum, checksum_algorithm)
      select p.executed_obs_unit_id, p.instrument_module_id, p.id, p.name || '/' || f, 1, md5(p.name || f), 'md5'
        from raw_data_package p, generate_series(1, ${FILES_PER_PACKAGE}) f
       limit ${copies};
    -- archived once their files are in: a sealed package keeps its files
    update raw_data_package set checksum = md5(substr(name, 2)), checksum_algorithm = 'md5', state = 'archived', archived_at = now();
    insert into physical_copy (copy_type, raw_data_file_id, data_location_id)
      select 'raw_data_file', f.id, l.id from raw_data_file f, data_location l where l.name in ('buffer', 'source');
    insert into physical_copy (copy_type, raw_data_package_id, data_location_id, verified_at)
      select 'raw_data_package', p.id, (select id from data_location where name = 'lta'), now() from raw_data_package p;
    -- a staging job not finished, elsewhere: the guard has active jobs to consider
    insert into staging_job (destination_location_id, requested_by) select id, 'bench' from data_location where name = 'processing';
    insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id, status, started_at)
      select j.id, (select min(id::text)::uuid from raw_data_package), j.destination_location_id, 'in_progress', now()
        from staging_job j;
  `);
  await db.query('vacuum analyze');
  return db;
}

/** CPU time (ms) the server process of this connection has used, or NaN when it is not on this host. */
function serverCpu(pid: number): number {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return NaN;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

interface Timing {
  wall: number;
  cpu: number;
}

/** What each scenario updates, at which location. */
const SCENARIOS: Record<string, { location: string; set: string }> = {
  buffer: { location: 'buffer', set: "status = 'deletion_scheduled'" },
  source: { location: 'source', set: "status = 'deletion_scheduled'" },
  verify: { location: 'buffer', set: 'verified_at = now()' },
};

async function timed(db: pg.Client, pid: number, scenario: string, guard: boolean): Promise<Timing> {
  const { location, set } = SCENARIOS[scenario]!;
  for (const t of TRIGGERS) await db.query(`alter table physical_copy ${guard ? 'enable' : 'disable'} trigger ${t}`);
  const cpuStart = serverCpu(pid);
  const start = process.hrtime.bigint();
  const r = await db.query(
    `update physical_copy set ${set} where data_location_id = (select id from data_location where name = $1)`,
    [location],
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = serverCpu(pid) - cpuStart;
  if (r.rowCount !== copies) throw new Error(`updated ${r.rowCount} copies, expected ${copies}`);
  // back to present (not a guarded change), and the dead rows cleaned, so every run starts alike
  await db.query(
    `update physical_copy set status = 'present', verified_at = null
      where data_location_id in (select id from data_location where name in ('buffer', 'source'))`,
  );
  await db.query('vacuum physical_copy');
  for (const t of TRIGGERS) await db.query(`alter table physical_copy enable trigger ${t}`);
  return { wall, cpu };
}

const db = await makeDatabase();
const pid = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
try {
  process.stdout.write(`bulk update of ${copies} copies, ${runs} runs each\n`);
  for (const scenario of values.scenario!) {
    const on: Timing[] = [];
    const off: Timing[] = [];
    await timed(db, pid, scenario, true); // warm-up
    for (let i = 0; i < runs; i++) {
      // alternate which goes first, so drift in the machine's load falls on both
      if (i % 2 === 0) {
        on.push(await timed(db, pid, scenario, true));
        off.push(await timed(db, pid, scenario, false));
      } else {
        off.push(await timed(db, pid, scenario, false));
        on.push(await timed(db, pid, scenario, true));
      }
    }
    for (const what of ['wall', 'cpu'] as const) {
      const a = on.map((t) => t[what]);
      const b = off.map((t) => t[what]);
      process.stdout.write(
        `${scenario} ${what === 'wall' ? 'wall time' : 'server CPU'}: guard on ${median(a).toFixed(0)} ms, ` +
          `off ${median(b).toFixed(0)} ms, ratio ${(median(a) / median(b)).toFixed(3)}x   (on: ${ms(a)} / off: ${ms(b)})\n`,
      );
    }
  }
} finally {
  await db.end();
}
