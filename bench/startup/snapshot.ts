/**
 * What a V8 start-up snapshot of the CLI would give (issue #16 item 1), measured, not shipped.
 *
 *   node_modules/.bin/node --import tsx bench/startup/snapshot.ts --database-url URL [--runs 11] [-- CASE…]
 *
 * Builds, in a temporary directory from the built `dist/`: one CommonJS bundle of oclif and the read
 * commands of the cases (MikroORM, kysely, zod, prompts and PGlite left out: loaded from
 * node_modules only if a command reaches them), warmed by one `Config.load` of the package, and a
 * Node start-up snapshot of it (`node --snapshot-blob … --build-snapshot`); also an empty snapshot.
 * Then times, alternately: `node -e 0` against the empty snapshot (what any snapshot costs to start),
 * psql running `select 1`, and each case as `node bin/run.js CASE` (the bundle) against
 * `node --snapshot-blob BLOB CASE`. Prints medians. A case is a command line in quotes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { median } from '../median.js';

const { values, positionals } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.CCAT_OPS_DATABASE_URL },
    runs: { type: 'string', default: '11' },
  },
  allowPositionals: true,
});
const url = values['database-url'];
if (!url) throw new Error('pass --database-url (or set CCAT_OPS_DATABASE_URL)');
const runs = Number(values.runs);
const cases = (positionals.length ? positionals : ['transfer list --limit 100', 'doctor', 'telescope list']).map((c) =>
  c.split(' '),
);
const root = join(import.meta.dirname, '..', '..');
const node22 = join(root, 'node_modules', 'node', 'bin', 'node');
// Inside the package: the bundle finds the package's root from where it lies, as dist/cli does.
const work = mkdtempSync(join(root, 'dist', 'snapshot-bench-'));

// The entry: every case's command class, oclif, a warm-up at build time, and the main function
// the snapshot runs: `Command.run` with a freshly loaded configuration (nothing of the build's kept
// but compiled code and loaded modules).
const ids = [...new Set(cases.map((c) => (c[1] && !c[1].startsWith('-') ? `${c[0]}/${c[1]}` : c[0])))];
const entry = join(work, 'entry.mjs');
writeFileSync(
  entry,
  [
    ...ids.map((id, i) => `import c${i} from ${JSON.stringify(join(root, 'dist', 'commands', `${id}.js`))};`),
    "import { Config, flush, handle } from '@oclif/core';",
    "import v8 from 'node:v8';",
    `const commands = { ${ids.map((id, i) => `${JSON.stringify(id.replace('/', ':'))}: c${i}`).join(', ')} };`,
    `const root = ${JSON.stringify(root)};`,
    'Config.load({ root }).catch((err) => { console.error(err); process.exit(1); });',
    'v8.startupSnapshot.setDeserializeMainFunction(async () => {',
    '  globalThis.__ccatRequire = require("node:module").createRequire(root + "/package.json");',
    '  const argv = process.argv.slice(1);',
    '  const two = `${argv[0]}:${argv[1]}`;',
    '  const [id, rest] = commands[two] ? [two, argv.slice(2)] : [argv[0], argv.slice(1)];',
    '  try { await commands[id].run(rest, await Config.load({ root })); await flush(); } catch (err) { await handle(err); }',
    '});',
  ].join('\n'),
);
writeFileSync(
  join(work, 'piscina.mjs'),
  "export class Piscina { constructor() { throw new Error('not in this snapshot'); } }\n",
);
const bundle = join(work, 'cli.cjs');
await build({
  entryPoints: [entry],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  minify: true,
  keepNames: true,
  nodePaths: [join(root, 'node_modules')],
  alias: { piscina: join(work, 'piscina.mjs') },
  external: [
    '@mikro-orm/*',
    'kysely',
    '@inquirer/*',
    'zod',
    'proper-lockfile',
    '@electric-sql/*',
    'pg-native',
    'typescript',
    'ts-node',
  ],
  // Modules left out are required when reached, from the package's node_modules (the snapshot
  // builder's own `require` knows only Node's modules); `import.meta.url` names the bundle.
  define: { 'import.meta.url': '__ccatUrl', 'import.meta.resolve': '__ccatResolve' },
  banner: {
    js: "var __ccatUrl=require('url').pathToFileURL(__filename).href;var __ccatResolve=(s)=>s;var __snapRequire=require;require=(id)=>(globalThis.__ccatRequire??__snapRequire)(id);",
  },
  logLevel: 'error',
});
const emptyEntry = join(work, 'empty.cjs');
writeFileSync(emptyEntry, "require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {});\n");
for (const [script, blob] of [
  [bundle, 'cli.blob'],
  [emptyEntry, 'empty.blob'],
]) {
  const r = spawnSync(node22, ['--snapshot-blob', join(work, blob), '--build-snapshot', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building ${blob} failed: ${r.stderr}`);
}

function time(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    env: { ...process.env, CCAT_OPS_DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function alternate(...commands: [string, string[]][]): number[] {
  for (const c of commands) time(...c);
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => times[j].push(time(...c)));
  return times.map(median);
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const [e0, empty, psql] = alternate(
  [node22, ['-e', '0']],
  [node22, ['--snapshot-blob', join(work, 'empty.blob')]],
  ['psql', ['-X', '-q', '-d', url, '-c', 'select 1']],
);
console.log(`node -e 0 ${fmt(e0)} | empty snapshot ${fmt(empty)} | psql select 1 ${fmt(psql)}`);
console.log('| case | bundle (bin/run.js) | snapshot | snapshot / bundle |');
console.log('|---|---|---|---|');
for (const c of cases) {
  const [bundled, snap] = alternate(
    [node22, [join(root, 'bin', 'run.js'), ...c]],
    [node22, ['--snapshot-blob', join(work, 'cli.blob'), ...c]],
  );
  console.log(`| \`${c.join(' ')}\` | ${fmt(bundled)} | ${fmt(snap)} | ${(snap / bundled).toFixed(2)}x |`);
}
rmSync(work, { recursive: true, force: true });
