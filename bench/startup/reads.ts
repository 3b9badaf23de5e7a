/**
 * Start-up of whole commands against psql running the same statements (issue #16 item 1), in one run.
 *
 *   node_modules/.bin/node --import tsx bench/startup/reads.ts --database-url URL [--runs 15] [--bin PATH]
 *
 * Each case is first run once in-process with every statement the driver sends recorded (the
 * commands' own SQL, MikroORM's included), written out with its values inlined; then the whole
 * command (`node bin/run.js …`, Node 22, the built bundle, output to /dev/null) and `psql -X -f` of
 * those statements (start-up, connect, the statements, output to /dev/null) run alternately, `--runs`
 * times each. `--help` is measured against `node -e 0`, the cost of starting Node at all.
 * A third column runs the same statements from a bare Node script through `pg` (node-pg-floor.mjs):
 * the least a command-line tool on Node can take, against psql. Prints medians and ratios. `--bin`
 * times another build's `bin/run.js` (e.g. a worktree of an earlier commit) against the same
 * statements.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { inlineParameters } from '../../src/views/copy-stream.js';
import { runCommand } from '../../test/helpers/run-command.js';
import { median } from '../median.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.CCAT_OPS_DATABASE_URL },
    runs: { type: 'string', default: '15' },
    bin: { type: 'string' },
  },
});
const url = values['database-url'];
if (!url) throw new Error('pass --database-url (or set CCAT_OPS_DATABASE_URL)');
const runs = Number(values.runs);
const root = join(import.meta.dirname, '..', '..');
const node22 = join(root, 'node_modules', '.bin', 'node');
const bin = values.bin ?? join(root, 'bin', 'run.js');
const work = mkdtempSync(join(tmpdir(), 'ccat-ops-startup-'));

// Every statement any pg client of this process sends, as psql would be given it.
let recorded: string[] | undefined;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, params] = args as [string | { text?: string; values?: unknown[] }, unknown];
  const text = typeof config === 'string' ? config : config?.text;
  if (recorded && text) {
    const vals = typeof config === 'string' ? (Array.isArray(params) ? params : []) : (config.values ?? []);
    recorded.push(`${inlineParameters({ text, values: vals })};`);
  }
  return query.apply(this, args);
} as never;

async function record(args: string[]): Promise<string> {
  recorded = [];
  const r = await runCommand(args, { url });
  const statements = recorded;
  recorded = undefined;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const file = join(work, `${args.join('_').replace(/[^\w-]+/g, '')}.sql`);
  writeFileSync(file, `${statements.join('\n')}\n`);
  return file;
}

function time(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    env: { ...process.env, CCAT_OPS_DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Medians of alternating runs of some commands. */
function alternate(...commands: [string, string[]][]): number[] {
  for (const c of commands) time(...c); // warm the compile cache and the server's
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => times[j].push(time(...c)));
  return times.map(median);
}

const db = new pg.Client({ connectionString: url });
await db.connect();
const someTransfer = (await db.query<{ id: string }>('select id::text as id from data_transfer limit 1')).rows[0]?.id;
await db.end();

const reads: { args: string[]; kind: 'read' | 'write' }[] = [
  { args: ['transfer', 'list', '--limit', '100', '--json'], kind: 'read' },
  { args: ['transfer', 'backlog', '--json'], kind: 'read' },
  { args: ['archive', 'backlog', '--json'], kind: 'read' },
  { args: ['copy', 'list', '--limit', '100', '--json'], kind: 'read' },
  ...(someTransfer ? [{ args: ['transfer', 'show', someTransfer, '--json'], kind: 'read' as const }] : []),
  { args: ['doctor', '--json'], kind: 'read' },
  { args: ['db', 'status', '--json'], kind: 'read' },
  { args: ['site', 'list', '--json'], kind: 'read' },
  { args: ['telescope', 'list', '--json'], kind: 'read' },
  { args: ['site', 'update', 'ccat', '--description', 'Bench: start-up of a write', '--json'], kind: 'write' },
];

console.log(
  `node ${spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${runs} alternating runs each, medians`,
);
console.log(
  `${'case'.padEnd(36)} ${'ccat-ops'.padStart(9)} ${'baseline'.padStart(9)}  ratio  target ${'node+pg'.padStart(9)}  ratio`,
);
const ms = (t: number) => `${t.toFixed(0).padStart(6)} ms`;
const row = (name: string, cli: number, base: number, target: number, floor?: number) =>
  console.log(
    `${name.padEnd(36)} ${ms(cli)} ${ms(base)}  ${(cli / base).toFixed(2)}x  ${`${target}x`.padStart(6)}` +
      (floor === undefined ? '' : ` ${ms(floor)}  ${(floor / base).toFixed(2)}x`),
  );

const [help, node] = alternate([node22, [bin, '--help']], [node22, ['-e', '0']]);
row('--help vs node -e 0', help, node, 2);
// The third column: a bare Node script sending the same statements through `pg` (node-pg-floor.mjs),
// the least a command-line tool written for Node can take; its ratio is that floor's to psql.
const floorScript = join(import.meta.dirname, 'node-pg-floor.mjs');
for (const { args, kind } of reads) {
  const script = await record(args);
  const [cli, psql, floor] = alternate(
    [node22, [bin, ...args]],
    ['psql', ['-X', '-q', '-f', script, '-o', '/dev/null', url]],
    [node22, [floorScript, script]],
  );
  row(`${args.slice(0, 3).join(' ')} vs psql`, cli, psql, kind === 'read' ? 2 : 3, floor);
}
