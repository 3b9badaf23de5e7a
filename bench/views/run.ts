/**
 * On-call view benchmarks (issue #5): each view against the same SQL through `psql`, in one run.
 *
 *   node_modules/.bin/node --import tsx bench/views/run.ts --database-url URL [--runs 5] [--location cologne/lta | --location '' (every copy)]
 *
 * The SQL a view runs is recorded as it runs (a recording connection), written out with its values
 * inlined, and replayed with `psql -f` — so the baseline is exactly the same statements. Three
 * numbers per case, medians of `--runs`:
 *   cli  the whole command (`node bin/run.js …`, Node 22, output to /dev/null): start-up, connect, queries, render;
 *   lib  the view function in-process on an open connection (what a service importing the package pays);
 *   psql the same statements through `psql` (start-up, connect, queries, output to /dev/null).
 * The streaming case also reports the command's peak memory (`/usr/bin/time -f %M`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { archiveBacklog } from '../../src/views/archive-backlog.js';
import { copyList } from '../../src/views/copy-list.js';
import type { Sql } from 'sql-template-tag';
import { COPY_COLUMNS } from '../../src/output/copy-columns.js';
import { csvRecords, inlineParameters, jsonLines } from '../../src/views/copy-stream.js';
import { fetchPage, pageSql, streamCopyText } from '../../src/views/keyset.js';
import type { Queryable } from '../../src/views/queryable.js';
import { transferBacklog } from '../../src/views/transfer-backlog.js';
import { transferList } from '../../src/views/transfer-list.js';
import { planStaging } from '../../src/staging/staging-request.js';
import { median } from '../median.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.CCAT_OPS_DATABASE_URL },
    runs: { type: 'string', default: '5' },
    location: { type: 'string', default: 'cologne/lta' },
    only: { type: 'string' },
    /** Print the plan of every statement a case runs (EXPLAIN ANALYZE, BUFFERS). */
    explain: { type: 'boolean', default: false },
    'staging-since': { type: 'string', default: '21d' },
  },
});
const url = values['database-url'];
if (!url) throw new Error('pass --database-url (or set CCAT_OPS_DATABASE_URL)');
const runs = Number(values.runs);
/** `--location ''`: the streams read every live copy (issue #16 item 3 asks for 5 M rows). */
const location = values.location || undefined;
const locationArgs = location ? ['--location', location] : [];
const streamName = (output: string) => `copy list${location ? ` --location ${location}` : ''} --all --output ${output}`;
const root = join(import.meta.dirname, '..', '..');
const node22 = join(root, 'node_modules', '.bin', 'node');
const work = mkdtempSync(join(tmpdir(), 'ccat-ops-bench-'));

const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query('set jit = off'); // as the CLI's own connection (src/db/open-client.ts)

/** A connection that remembers every statement it ran, for replaying through psql. */
function recording(db: pg.Client): Queryable & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query: ((config: string | { text: string; values?: unknown[]; submit?: unknown }, values?: unknown[]) => {
      if (typeof config === 'string') statements.push(inline(config, values ?? []));
      else statements.push(config.submit ? config.text : inline(config.text, config.values ?? []));
      return db.query(config as never, values as never);
    }) as never,
  };
}

const inline = (text: string, values: unknown[]) => inlineParameters({ text, values });

/** psql's own round-trip time of the statements (`\timing`), without its start-up and connection. */
function psqlQueryMs(script: string, vars: string[]): number {
  const r = spawnSync(
    'psql',
    ['-X', '-q', '-A', '-t', ...vars, '-c', '\\timing on', '-f', script, '-o', '/dev/null', url!],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].reduce((n, m) => n + Number(m[1]), 0);
}

function timeCommand(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { ms: number; maxRssKb: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  return { ms, maxRssKb: Number(lines[lines.length - 1]) };
}

interface Case {
  name: string;
  args: string[];
  /** Runs the view in-process. */
  lib: (db: Queryable) => Promise<unknown>;
  /** The psql script, when it is not simply the recorded statements. */
  psql?: () => Promise<string>;
  psqlVars?: string[];
}

const deepAfter = (
  await client.query<{ id: string }>('select id from data_transfer order by id desc offset 99999 limit 1')
).rows[0]?.id;
const transferCount = (await client.query('select count(*)::int as n from data_transfer')).rows[0].n;
const copyCount = (await client.query('select count(*)::int as n from physical_copy')).rows[0].n;

const allCases: Case[] = [
  { name: 'transfer backlog --json', args: ['transfer', 'backlog', '--json'], lib: (db) => transferBacklog(db) },
  {
    name: 'transfer list --status failed --limit 100',
    args: ['transfer', 'list', '--status', 'failed', '--limit', '100', '--json'],
    lib: async (db) => fetchPage(db, await transferList(db, { status: ['failed' as never] }), { limit: 100 }),
  },
  {
    name: 'transfer list --limit 100 (page 1)',
    args: ['transfer', 'list', '--limit', '100', '--json'],
    lib: async (db) => fetchPage(db, await transferList(db, {}), { limit: 100 }),
  },
  {
    name: 'transfer list --limit 100 (page 1000)',
    args: ['transfer', 'list', '--limit', '100', '--after', deepAfter, '--json'],
    lib: async (db) => fetchPage(db, await transferList(db, {}), { limit: 100, after: deepAfter }),
  },
  {
    name: 'transfer list --stuck-for 6h --limit 100',
    args: ['transfer', 'list', '--stuck-for', '6h', '--limit', '100', '--json'],
    lib: async (db) => fetchPage(db, await transferList(db, { stuckForMs: 6 * 3600_000 }), { limit: 100 }),
  },
  { name: 'archive backlog --json', args: ['archive', 'backlog', '--json'], lib: (db) => archiveBacklog(db) },
  {
    name: `staging request --to ramses/processing --program Cal --since ${values['staging-since']} --dry-run`,
    args: [
      'staging',
      'request',
      '--to',
      'ramses/processing',
      '--program',
      'Cal',
      '--since',
      values['staging-since']!,
      '--dry-run',
      '--json',
    ],
    lib: (db) =>
      planStaging(db, {
        to: 'ramses/processing',
        selection: {
          program: 'Cal',
          since: new Date(Date.now() - Number.parseInt(values['staging-since']!, 10) * 86_400_000),
        },
      }),
  },
  {
    name: streamName('ndjson'),
    args: ['copy', 'list', ...locationArgs, '--all', '--output', 'ndjson'],
    lib: async (db) => {
      let n = 0;
      const lines = await streamCopyText(db, await copyList(db, { location }), {}, jsonLines);
      for await (const chunk of lines!) n += chunk.rows;
      return n;
    },
    // The physical limit (issue #16): the same rows and columns as text straight from the server.
    psql: async () => `copy (${await streamedSelect()}) to stdout;`,
  },
  {
    name: streamName('csv'),
    args: ['copy', 'list', ...locationArgs, '--all', '--output', 'csv'],
    lib: async (db) => {
      let n = 0;
      const keys = COPY_COLUMNS.map((c) => c.key);
      const open = (q: Queryable, query: Sql) => csvRecords(q, query, keys);
      for await (const chunk of (await streamCopyText(db, await copyList(db, { location }), {}, open))!)
        n += chunk.rows;
      return n;
    },
    psql: async () => `copy (${await streamedSelect()}) to stdout (format csv, header);`,
  },
];
/** The copy list's whole selection with its values inlined, as one statement. */
async function streamedSelect(): Promise<string> {
  const query = pageSql(await copyList(client, { location }), { limit: 2 ** 62 });
  return inline(query.text, query.values);
}

const cases = allCases.filter((c) => !values.only || c.name.includes(values.only));

console.log(
  `data: ${transferCount.toLocaleString()} transfers, ${copyCount.toLocaleString()} physical copies; ${runs} runs each; medians\n`,
);
console.log('| case | cli | psql | cli / psql | lib | psql queries | lib / psql queries | cli peak RSS |');
console.log('|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const rec = recording(client);
  await c.lib(rec); // warm-up, and the statements to replay
  const script = join(work, 'case.sql');
  writeFileSync(script, c.psql ? await c.psql() : rec.statements.map((s) => `${s};`).join('\n'));
  if (values.explain) {
    console.log(`\n#### ${c.name}\n`);
    for (const statement of c.psql ? [await c.psql()] : rec.statements) {
      if (!/^\s*(with|select)/i.test(statement) || statement.length < 60) continue;
      const plan = await client.query(`explain (analyze, buffers) ${statement.replace(/;\s*$/, '')}`);
      console.log(`\`\`\`\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``);
    }
    continue;
  }
  const cli: number[] = [];
  const rss: number[] = [];
  const lib: number[] = [];
  const psql: number[] = [];
  const psqlQuery: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = timeCommand(node22, [join(root, 'bin', 'run.js'), ...c.args, '--database-url', url]);
    cli.push(r.ms);
    rss.push(r.maxRssKb);
    const t0 = performance.now();
    await c.lib(client);
    lib.push(performance.now() - t0);
    psql.push(timeCommand('psql', ['-X', '-q', '-A', '-t', ...(c.psqlVars ?? []), '-f', script, url]).ms);
    psqlQuery.push(psqlQueryMs(script, c.psqlVars ?? []));
  }
  const [m, l, p, q] = [median(cli), median(lib), median(psql), median(psqlQuery)];
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  console.log(
    `| \`${c.name}\` | ${fmt(m)} | ${fmt(p)} | ${(m / p).toFixed(2)}x | ${fmt(l)} | ${fmt(q)} | ${(l / q).toFixed(2)}x | ${(Math.max(...rss) / 1024).toFixed(0)} MB |`,
  );
}
await client.end();
