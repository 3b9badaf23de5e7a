/**
 * On-call reads on a streaming replica against the same reads on the primary, under a write load
 * (issue #17), in one run:
 *
 *   node_modules/.bin/node --import tsx bench/replica/run.ts \
 *     --database-url postgres://postgres@127.0.0.1:5436/bench --read-database-url postgres://postgres@127.0.0.1:5437/bench \
 *     [--runs 15] [--writers 2]
 *
 * The database holds the generator's data (bench/generate). While the reads run, `--writers`
 * connections on the primary do what the data-transfer services do all day: status updates of
 * transfers and of physical copies, one row per statement, autocommit, as fast as they can (the
 * statement re-sets the row's status and bumps `updated_at`, so no transition rule refuses it). Each
 * read (the view function, in-process, on an open connection) runs alternately on the replica and on
 * the primary; the medians and the 90th percentiles are printed, with the writers' throughput and the
 * replica's replay lag sampled during the run. Bounded: the writers stop when the reads are done.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { archiveBacklog } from '../../src/views/archive-backlog.js';
import { copyList } from '../../src/views/copy-list.js';
import { fetchPage } from '../../src/views/keyset.js';
import type { Queryable } from '../../src/views/queryable.js';
import { transferBacklog } from '../../src/views/transfer-backlog.js';
import { transferList } from '../../src/views/transfer-list.js';
import { locationUsage } from '../../src/views/location-usage.js';
import { replicaStatus } from '../../src/replica/replica-status.js';
import { median } from '../median.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.CCAT_OPS_DATABASE_URL },
    'read-database-url': { type: 'string', default: process.env.CCAT_OPS_READ_DATABASE_URL },
    runs: { type: 'string', default: '15' },
    writers: { type: 'string', default: '2' },
  },
});
const primaryUrl = values['database-url'];
const replicaUrl = values['read-database-url'];
if (!primaryUrl || !replicaUrl) throw new Error('pass --database-url and --read-database-url');
const runs = Number(values.runs);

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('set jit = off'); // as the CLI's own connection
  return c;
}

const primary = await connect(primaryUrl);
const replica = await connect(replicaUrl);
const [{ standby }] = (await replica.query('select pg_is_in_recovery() as standby')).rows;
if (!standby) throw new Error(`${replicaUrl} is not a standby (pg_is_in_recovery() is false)`);

// Rows the writers update: a sample of transfers and copies, picked once.
const transferIds = (await primary.query('select id from data_transfer tablesample system (5) limit 20000')).rows.map(
  (r) => r.id,
);
const copyIds = (await primary.query('select id from physical_copy tablesample system (5) limit 20000')).rows.map(
  (r) => r.id,
);
if (!transferIds.length || !copyIds.length) throw new Error('no transfers or copies: load bench/generate data first');

let writing = true;
let writes = 0;
async function writer(seed: number): Promise<void> {
  const c = await connect(primaryUrl!);
  let i = seed;
  try {
    while (writing) {
      i = (i * 1103515245 + 12345) % 2 ** 31;
      if (i % 2) {
        await c.query(`update data_transfer set status = status, updated_at = now() where id = $1`, [
          transferIds[i % transferIds.length],
        ]);
      } else {
        await c.query(`update physical_copy set status = status, updated_at = now() where id = $1`, [
          copyIds[i % copyIds.length],
        ]);
      }
      writes++;
    }
  } finally {
    await c.end();
  }
}

interface Case {
  name: string;
  read: (db: Queryable) => Promise<unknown>;
}
const cases: Case[] = [
  { name: 'transfer backlog', read: (db) => transferBacklog(db) },
  { name: 'archive backlog', read: (db) => archiveBacklog(db) },
  { name: 'location usage', read: (db) => locationUsage(db) },
  {
    name: 'transfer list --failed (100)',
    read: async (db) => fetchPage(db, await transferList(db, { status: ['failed' as never] }), { limit: 100 }),
  },
  {
    name: 'transfer list --stuck-for 6h (100)',
    read: async (db) => fetchPage(db, await transferList(db, { stuckForMs: 6 * 3600_000 }), { limit: 100 }),
  },
  {
    name: 'copy list --location cologne/buffer (100)',
    read: async (db) => fetchPage(db, await copyList(db, { location: 'cologne/buffer' }), { limit: 100 }),
  },
];

const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function time(db: Queryable, c: Case): Promise<number> {
  const t0 = performance.now();
  await c.read(db);
  return performance.now() - t0;
}

// Warm both caches first, without the write load, so neither side pays for reading from disk.
for (const c of cases) {
  await time(primary, c);
  await time(replica, c);
}

const writers = Array.from({ length: Number(values.writers) }, (_, k) => writer(k + 1));
const lags: number[] = [];
const lagProbe = await connect(replicaUrl);
const sampler = setInterval(() => {
  void replicaStatus(async (sql) => (await lagProbe.query(sql)).rows).then((s) => lags.push(s.lagSeconds ?? NaN));
}, 500);
const t0 = performance.now();
const results: { name: string; replica: number[]; primary: number[] }[] = [];
for (const c of cases) {
  const r = { name: c.name, replica: [] as number[], primary: [] as number[] };
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither side always follows the other.
    if (i % 2) {
      r.primary.push(await time(primary, c));
      r.replica.push(await time(replica, c));
    } else {
      r.replica.push(await time(replica, c));
      r.primary.push(await time(primary, c));
    }
  }
  results.push(r);
}
const seconds = (performance.now() - t0) / 1000;
writing = false;
clearInterval(sampler);
await Promise.all(writers);

console.log(`${runs} runs per read and endpoint, ${values.writers} writers on the primary`);
console.log(`write load: ${writes} single-row updates in ${seconds.toFixed(1)} s (${Math.round(writes / seconds)}/s)`);
console.log(
  `replica replay lag during the run: median ${median(lags)} s, max ${Math.max(...lags)} s (${lags.length} samples)`,
);
console.log('');
console.log('| read | replica median | primary median | ratio | replica p90 | primary p90 |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  const [rm, pm] = [median(r.replica), median(r.primary)];
  console.log(
    `| ${r.name} | ${ms(rm)} | ${ms(pm)} | ${(rm / pm).toFixed(2)}x | ${ms(p90(r.replica))} | ${ms(p90(r.primary))} |`,
  );
}
await Promise.all([primary.end(), replica.end(), lagProbe.end()]);
