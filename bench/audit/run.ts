/**
 * Audit benchmarks (issue #7), each against the physical limit measured in the same run:
 *   size      `audit copies --mode size` over N small files vs `find ROOT -type f -printf '%s\n'`
 *   exists    `audit copies --mode exists` over the same files vs the same find
 *   dark      `audit copies --mode exists --dark` over the same tree (walk + path lookups) vs the same find
 *   checksum  `audit copies --mode checksum` over M big files vs `sha256sum` over the same files
 * Ratios are throughputs (files/s or bytes/s) of ours over the baseline's: 1.0 = as fast as it.
 * Page caches are warm for both sides (each baseline and each audit runs once before being timed).
 * Peak memory of the commands comes from `/usr/bin/time -f %M`.
 *
 *   node_modules/.bin/node --import tsx bench/audit/run.ts --database-url postgres://postgres@127.0.0.1/bench_audit \
 *     [--files 1000000] [--big-files 32] [--big-mb 64] [--dir /var/tmp/ccat-bench-audit] [--runs 3] \
 *     [--baseline ../main] [--no-checksum]
 *
 * --baseline: also time the same audits with another checkout's `bin/run.js` (built; e.g. a
 * worktree of the commit before a change), its runs taking turns with ours, so "before" and
 * "after" share the machine's load. --no-checksum leaves out the checksum case.
 *
 * It (re)creates the database named in the URL and the files under --dir (kept between runs when
 * their count matches, as making a million files takes a while).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseName, withDatabase } from '../../src/config/connection.js';
import { median } from '../median.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_audit' },
    files: { type: 'string', default: '1000000' },
    'big-files': { type: 'string', default: '32' },
    'big-mb': { type: 'string', default: '64' },
    dir: { type: 'string', default: '/var/tmp/ccat-bench-audit' },
    runs: { type: 'string', default: '3' },
    baseline: { type: 'string' },
    'no-checksum': { type: 'boolean', default: false },
  },
});
const url = values['database-url']!;
const files = Number(values.files);
const bigFiles = Number(values['big-files']);
const bigBytes = Number(values['big-mb']) * 2 ** 20;
const runs = Number(values.runs);
const small = join(values.dir!, 'small');
const big = join(values.dir!, 'big');
const PER_DIR = 1000;
const node = join('node_modules', '.bin', 'node');
const env = { ...process.env, CCAT_OPS_DATABASE_URL: url };

const smallPath = (i: number) =>
  `d${String(Math.floor(i / PER_DIR)).padStart(5, '0')}/f${String(i % PER_DIR).padStart(4, '0')}.dat`;

function makeFiles(): void {
  const marker = join(values.dir!, `small-${files}.done`);
  if (!existsSync(marker)) {
    process.stderr.write(`writing ${files} small files under ${small}…\n`);
    for (let i = 0; i < files; i++) {
      if (i % PER_DIR === 0) mkdirSync(join(small, smallPath(i), '..'), { recursive: true });
      writeFileSync(join(small, smallPath(i)), `file ${i}\n`);
    }
    writeFileSync(marker, '');
  }
  mkdirSync(big, { recursive: true });
  const have = readdirSync(big).length;
  for (let i = have; i < bigFiles; i++) {
    process.stderr.write(`writing big file ${i + 1}/${bigFiles}…\n`);
    const r = spawnSync('head', ['-c', String(bigBytes), '/dev/urandom'], { maxBuffer: bigBytes + 1 });
    writeFileSync(join(big, `b${String(i).padStart(3, '0')}.dat`), r.stdout);
  }
}

async function makeDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${databaseName(url)} with (force)`);
  await admin.end();
  const init = spawnSync(node, ['bin/run.js', 'db', 'init', '--no-prompt'], { env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(`
    insert into source (name, source_type, ra_deg, dec_deg) values ('bench', 'fixed', 0, 0);
    insert into obs_unit (name, observing_program_id, source_id, obs_mode_id, priority)
      values ('bench', (select min(id) from observing_program), (select id from source), (select min(id) from obs_mode), 1);
    insert into executed_obs_unit (obs_unit_id, status, start_time, end_time)
      values ((select id from obs_unit), 'completed', now(), now());
    insert into data_location (site_id, name, location_type, storage_type, root_path) values
      ((select id from site where short_name = 'cologne'), 'bench_small', 'buffer', 'disk', '${small}'),
      ((select id from site where short_name = 'cologne'), 'bench_big', 'buffer', 'disk', '${big}')`);
  // Small files: size known, checksum not checked by these modes.
  await db.query(
    `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
     select (select id from executed_obs_unit), (select min(id) from instrument_module),
            'd' || lpad((i / ${PER_DIR})::text, 5, '0') || '/f' || lpad((i % ${PER_DIR})::text, 4, '0') || '.dat',
            length('file ' || i || E'\\n'), repeat('0', 64), 'sha256'
       from generate_series(0, ${files - 1}) i`,
  );
  await db.query(
    `insert into physical_copy (copy_type, raw_data_file_id, data_location_id)
     select 'raw_data_file', id, (select id from data_location where name = 'bench_small') from raw_data_file`,
  );
  const sums = spawnSync('sha256sum', readdirSync(big).sort(), { cwd: big, encoding: 'utf8', maxBuffer: 1 << 24 });
  for (const line of sums.stdout.trim().split('\n')) {
    const [sum, name] = line.split(/\s+\*?/);
    const f = await db.query(
      `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
       values ((select id from executed_obs_unit), (select min(id) from instrument_module), $1, $2, $3, 'sha256') returning id`,
      [name, bigBytes, sum],
    );
    await db.query(
      `insert into physical_copy (copy_type, raw_data_file_id, data_location_id)
       values ('raw_data_file', $1, (select id from data_location where name = 'bench_big'))`,
      [f.rows[0].id],
    );
  }
  await db.query('vacuum analyze');
  await db.end();
}

interface Timed {
  seconds: number;
  peakMb: number;
}

/** One timed run of `cmd`: wall seconds and peak RSS (MB). */
function once(cmd: string[], opts: { cwd?: string } = {}): Timed {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], {
    env,
    cwd: opts.cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (![0, 3].includes(r.status ?? -1)) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  return { seconds, peakMb: Number(lines[lines.length - 1]) / 1024 };
}

/**
 * Median wall seconds and max peak RSS (MB) of each command over `runs` timed runs after one
 * warm-up each; the commands take turns run after run, so they share the machine's load alike.
 */
function timeTogether(cmds: { cmd: string[]; cwd?: string }[]): Timed[] {
  for (const c of cmds) once(c.cmd, c);
  const all = cmds.map(() => [] as Timed[]);
  for (let r = 0; r < runs; r++) cmds.forEach((c, i) => all[i].push(once(c.cmd, c)));
  return all.map((timed) => ({
    seconds: median(timed.map((t) => t.seconds)),
    peakMb: Math.max(...timed.map((t) => t.peakMb)),
  }));
}

makeFiles();
await makeDatabase();
const audit = (bin: string, location: string, ...args: string[]) => [
  node,
  bin,
  'audit',
  'copies',
  '--location',
  `cologne/${location}`,
  '--json',
  ...args,
];
const SIZE = ['bench_small', '--mode', 'size'] as const;
const EXISTS = ['bench_small', '--mode', 'exists'] as const;
const DARK = ['bench_small', '--mode', 'exists', '--dark', '--dark-min-age', '1s'] as const;
const ours = 'bin/run.js';
const before = values.baseline === undefined ? undefined : join(values.baseline, 'bin', 'run.js');
const cases = [
  { cmd: ['find', small, '-type', 'f', '-printf', '%s\n'] },
  { cmd: audit(ours, ...SIZE) },
  { cmd: audit(ours, ...EXISTS) },
  { cmd: audit(ours, ...DARK) },
  ...(before ? [{ cmd: audit(before, ...SIZE) }, { cmd: audit(before, ...DARK) }] : []),
];
const [find, size, exists, dark, baseSize, baseDark] = timeTogether(cases);
const bigNames = readdirSync(big).sort();
const [sha, sum] = values['no-checksum']
  ? []
  : timeTogether([
      { cmd: ['sha256sum', ...bigNames], cwd: big },
      { cmd: audit(ours, 'bench_big', '--mode', 'checksum') },
    ]);
const totalBig = bigNames.length * bigBytes;
const row = (name: string, ours: Timed, base: { seconds: number }, unit: string, amount: number) =>
  `| ${name} | ${ours.seconds.toFixed(2)} s (${(amount / ours.seconds).toFixed(0)} ${unit}/s) | ${base.seconds.toFixed(2)} s (${(amount / base.seconds).toFixed(0)} ${unit}/s) | ${(base.seconds / ours.seconds).toFixed(2)}x | ${ours.peakMb.toFixed(0)} MB |`;
process.stdout.write(
  [
    `files: ${files} small, ${bigNames.length} × ${values['big-mb']} MiB; medians of ${runs} warm runs; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '| case | ccat-ops (whole command) | baseline | ratio | peak RSS |',
    '|---|---|---|---|---|',
    row('size mode vs find -printf %s', size, find, 'files', files),
    row('exists mode vs find -printf %s', exists, find, 'files', files),
    row('exists + dark walk vs find -printf %s', dark, find, 'files', files),
    ...(baseSize && baseDark
      ? [
          row(`size mode, ${values.baseline} vs find`, baseSize, find, 'files', files),
          row(`exists + dark walk, ${values.baseline} vs find`, baseDark, find, 'files', files),
        ]
      : []),
    ...(sha && sum ? [row('checksum mode vs sha256sum', sum, sha, 'MB', totalBig / 1e6)] : []),
    `dark walk's extra over the exists run: ${((dark.seconds / exists.seconds - 1) * 100).toFixed(0)} %; over the size run: ${((dark.seconds / size.seconds - 1) * 100).toFixed(0)} %${
      baseSize && baseDark
        ? ` (${values.baseline}: ${((baseDark.seconds / baseSize.seconds - 1) * 100).toFixed(0)} %)`
        : ''
    }`,
    '',
  ].join('\n'),
);
