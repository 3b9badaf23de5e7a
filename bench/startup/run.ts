/**
 * Start-up benchmark (issue: --version/--help within 4x of `node -e 0`; doctor median under 400 ms).
 * Prints medians and ratios measured in the same run.
 *
 *   node --import tsx bench/startup/run.ts [--runs 15] [--database-url URL]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const runs = Number(values.runs);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');

function median(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const baseline = median(['-e', '0']);
const version = median([bin, '--version']);
const help = median([bin, '--help']);
const doctor = median([bin, 'doctor', '--database-url', values['database-url']!]);
const row = (name: string, ms: number, ratio?: number) =>
  console.log(
    `${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms${ratio === undefined ? '' : `   ${ratio.toFixed(2)}x node -e 0`}`,
  );
console.log(`node ${process.version}, ${runs} runs each, medians`);
row('node -e 0', baseline);
row('ccat-ops --version', version, version / baseline);
row('ccat-ops --help', help, help / baseline);
row('ccat-ops doctor (local server)', doctor, doctor / baseline);
