/**
 * Table rendering benchmark (issue #15 item 2): the same rows through `--output table --all`'s
 * writer and through `--output csv`'s, in one run, at two sizes, to show both are linear.
 *
 *   node_modules/.bin/node --import tsx bench/tables/run.ts [--rows 200000,1000000] [--width 200]
 *
 * Rows are synthetic `transfer list` rows (the widest list); both formats write into a sink that
 * only counts bytes, so the numbers are the rendering alone (the database read is the same for
 * both). The table is rendered as on a terminal of `--width` columns with a 40-line screen: chunks
 * of 36 rows, widths from the first chunk, free text cut in the middle.
 */
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ListWriter } from '../../src/output/list-writer.js';
import { TRANSFER_COLUMNS } from '../../src/output/transfer-columns.js';
import type { TransferRow } from '../../src/views/transfer-list.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '200000,1000000' }, width: { type: 'string', default: '200' } },
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

async function time(format: 'table' | 'csv', n: number): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const writer = new ListWriter<TransferRow>(format, TRANSFER_COLUMNS, undefined, sink, { width, chunkRows: 36 });
  const start = performance.now();
  for (let at = 0; at < n; at += BATCH) {
    const batch: TransferRow[] = [];
    for (let i = at; i < Math.min(n, at + BATCH); i++) batch.push(row(i));
    await writer.write(batch);
  }
  await writer.end();
  return { ms: performance.now() - start, bytes };
}

console.log(`| rows | csv | table (${width} columns) | table / csv |`);
console.log('|---|---|---|---|');
for (const n of sizes) {
  const csv = await time('csv', n);
  const table = await time('table', n);
  console.log(
    `| ${n.toLocaleString('en')} | ${(csv.ms / 1000).toFixed(2)} s | ${(table.ms / 1000).toFixed(2)} s | ${(table.ms / csv.ms).toFixed(2)} |`,
  );
}
