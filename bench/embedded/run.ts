/**
 * The embedded default against a local server (issue #16 item 4: every command on the embedded
 * default within 2x of the same command on the local server, under 150 MB for the command's own
 * process). Whole-process runs of the same commands on the same seed (`db init`), alternating
 * between the embedded default (background server warm) and the server; medians of wall time and
 * the largest peak RSS of the command's own process (`/usr/bin/time -f %M`: the background server is
 * another process). Also the embedded default without a background server (CCAT_OPS_EMBEDDED_IDLE=0,
 * how every command ran before) and the first command that starts the server (cold).
 *
 *   node_modules/.bin/node --import tsx bench/embedded/run.ts --database-url postgres://postgres@127.0.0.1:5442/bench_embedded [--runs 11]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../median.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '11' },
    'in-process-runs': { type: 'string', default: '3' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_embedded' },
  },
});
const runs = Number(values.runs);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const commands = [
  ['telescope', 'list'],
  ['transfer', 'backlog'],
];

/** This environment without any database setting of the developer's. */
const clean: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(PG|CCAT_OPS_|DATABASE_URL$|XDG_DATA_HOME$)/.test(k)),
);
const data = mkdtempSync(join(tmpdir(), 'ccat-ops-bench-embedded-'));
const embedded = { ...clean, XDG_DATA_HOME: data };
const inProcess = { ...embedded, CCAT_OPS_EMBEDDED_IDLE: '0' };
const server = { ...clean, CCAT_OPS_DATABASE_URL: values['database-url'] };

interface Run {
  ms: number;
  peakMb: number;
  stdout: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`ccat-ops ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  return { ms, peakMb: Number(lines.at(-1)) / 1024, stdout: r.stdout };
}

console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at start`,
);
run(['db', 'init'], server);
run(['db', 'init'], embedded);
// Cold: the first command starts the background server (PGlite opened from disk).
run(['db', 'stop'], embedded);
const cold = run(['telescope', 'list'], embedded);

/** The background server's own peak RSS (Linux), for the record: it is not the command's. */
function serverPeakMb(): string {
  try {
    const { pid } = JSON.parse(readFileSync(join(data, 'ccat-ops', 'pglite.server', 'server.json'), 'utf8'));
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return `${(Number(kb) / 1024).toFixed(0)} MB`;
  } catch {
    return 'unknown';
  }
}

const rows: string[] = [];
const serverPeaks: string[] = [];
for (const args of commands) {
  const name = args.join(' ');
  const a = run(args, embedded);
  const b = run(args, server);
  if (a.stdout !== b.stdout) throw new Error(`${name}: the embedded default and the server answered differently`);
  const on: Record<'embedded' | 'server', Run[]> = { embedded: [], server: [] };
  for (let i = 0; i < runs; i++) {
    on.embedded.push(run(args, embedded));
    on.server.push(run(args, server));
  }
  serverPeaks.push(`${name}: ${serverPeakMb()}`);
  // Without a background server running (a running one would be used).
  run(['db', 'stop'], embedded);
  const own = Array.from({ length: Number(values['in-process-runs']) }, () => run(args, inProcess));
  const [e, s, p] = [on.embedded, on.server, own].map((rs) => ({
    ms: median(rs.map((r) => r.ms)),
    peakMb: Math.max(...rs.map((r) => r.peakMb)),
  }));
  rows.push(
    `| \`${name}\` | ${e.ms.toFixed(0)} ms, ${e.peakMb.toFixed(0)} MB | ${s.ms.toFixed(0)} ms, ${s.peakMb.toFixed(0)} MB | **${(e.ms / s.ms).toFixed(2)}x** | ${p.ms.toFixed(0)} ms, ${p.peakMb.toFixed(0)} MB (${(p.ms / s.ms).toFixed(1)}x) |`,
  );
}
run(['db', 'stop'], embedded);
rmSync(data, { recursive: true, force: true });

console.log(
  `${runs} alternating runs per command (${values['in-process-runs']} without the server); medians, max peak RSS`,
);
console.log(
  '| command | embedded, server warm | local PostgreSQL | ratio | embedded, CCAT_OPS_EMBEDDED_IDLE=0 (ratio) |',
);
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(
  `first command, starting the server: \`telescope list\` ${cold.ms.toFixed(0)} ms, ${cold.peakMb.toFixed(0)} MB (command's own process)`,
);
console.log(`the background server's own peak RSS: ${serverPeaks.join(', ')}`);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at end`,
);
