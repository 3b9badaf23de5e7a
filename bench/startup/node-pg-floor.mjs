// The least any Node.js command-line tool can take for a read (bench/startup/reads.ts): start Node,
// load the `pg` driver, connect, send the very statements the command sent, print the rows as JSON.
// Plain JavaScript so that no loader (tsx) is counted.
//   node bench/startup/node-pg-floor.mjs FILE.sql     (CCAT_OPS_DATABASE_URL names the database)
import { readFileSync } from 'node:fs';
import pg from 'pg';

const client = new pg.Client({ connectionString: process.env.CCAT_OPS_DATABASE_URL });
await client.connect();
const results = await client.query(readFileSync(process.argv[2], 'utf8'));
for (const result of [results].flat()) process.stdout.write(`${JSON.stringify(result.rows)}\n`);
await client.end();
