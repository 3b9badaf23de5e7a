/**
 * Table rendering benchmark (issue #15 item 2): the same rows through `--output table --all`'s
 * writer and through `--output csv`'s, in one run, at two sizes, to show both are linear.
 *
 *   node_modules/.bin/node --import tsx bench/tables/run.ts [--rows 200000,1000000] [--width 200]
 *
 * Rows are synthetic `transfer list` rows (the widest list); both formats write into a sink that
 * only counts bytes, so the numbers are the rendering alone (the database read is the same for
 * both). Wall and CPU time are both printed: on a loaded machine the CPU time is the steadier. The table is rendered as on a terminal of `--width` columns with a 40-line screen: chunks
 * of 36 rows, widths from the first chunk, free text cut in the middle. `--before` times the former
 * renderer (every row pushed into one cli-table3 table, as before issue #15) for comparison.
 */
import { Writable } from 'node:stream';
import Table from 'cli-table3';
import { parseArgs } from 'node:util';
import { cellValue, headerOf } from '../../src/output/columns.js';
import { ListWriter } from '../../src/output/list-writer.js';
import { TRANSFER_COLUMNS } from '../../src/output/transfer-columns.js';
import type { TransferRow } from '../../src/views/transfer-list.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000,1000000' },
    width: { type: 'string', default: '200' },
    /** Also time the former renderer (one cli-table3 table of every row) at these sizes. */
    before: { type: 'string', default: '2000,4000' },
  },
});
const sizes = values.rows.split(',').map(Number);
const width = Number(values.width);
const BATCH = 5000; // what `streamRows` hands the writer

function row(i: number): TransferRow {
  return {
    id: 1_000_000 - i,
    package: `B${String(i).padStart(7, '0')}`,
    route: i % 2 ? 'ccat_to_cologne' : 'cologne_to_us',
    origin: 'ccat/buffer',
    destination: 'cologne/buffer',
    status: i % 17 ? 'completed' : 'failed',
    unpackStatus: 'completed',
    retryCount: i % 4,
    sizeBytes: 1_000_000_000 + i,
    bytesTransferred: 1_000_000_000 + i,
    updatedAt: new Date(Date.now() - i * 1000),
    errorMessage: i % 17 ? null : `bbcp: connection reset by peer (attempt ${i % 4}) while writing bundle ${i}`,
  } as unknown as TransferRow;
}

async function time(format: 'table' | 'csv', n: number): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const writer = new ListWriter<TransferRow>(format, TRANSFER_COLUMNS, undefined, sink, { width, chunkRows: 36 });
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let at = 0; at < n; at += BATCH) {
    const batch: TransferRow[] = [];
    for (let i = at; i < Math.min(n, at + BATCH); i++) batch.push(row(i));
    await writer.write(batch);
  }
  await writer.end();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, bytes };
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `| rows | csv wall (cpu) | table, ${width} columns, wall (cpu) | table / csv, wall (cpu) | bytes csv / table |`,
);
console.log('|---|---|---|---|---|');
for (const n of sizes) {
  const csv = await time('csv', n);
  const table = await time('table', n);
  console.log(
    `| ${n.toLocaleString('en')} | ${secs(csv.ms)} (${secs(csv.cpuMs)}) | ${secs(table.ms)} (${secs(table.cpuMs)}) | ` +
      `${(table.ms / csv.ms).toFixed(2)} (${(table.cpuMs / csv.cpuMs).toFixed(2)}) | ` +
      `${(csv.bytes / 1e6).toFixed(0)} MB / ${(table.bytes / 1e6).toFixed(0)} MB |`,
  );
}

/** The renderer before issue #15: one cli-table3 table of every row, word-wrapped to fixed widths. */
function before(n: number): number {
  const rows = Array.from({ length: n }, (_, i) => row(i));
  const cell = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
  const start = performance.now();
  const table = new Table({
    head: TRANSFER_COLUMNS.map((c) => headerOf(c)),
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: TRANSFER_COLUMNS.map(() => Math.floor(width / TRANSFER_COLUMNS.length) - 1),
  });
  for (const r of rows) table.push(TRANSFER_COLUMNS.map((c) => cell(cellValue(c, r))));
  table.toString();
  return performance.now() - start;
}

if (values.before) {
  console.log('\n| rows | former cli-table3 renderer, wall |\n|---|---|');
  for (const n of values.before.split(',').map(Number))
    console.log(`| ${n.toLocaleString('en')} | ${secs(before(n))} |`);
}
