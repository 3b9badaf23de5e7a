import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Column } from '../../src/output/columns.js';
import { renderDetail } from '../../src/output/detail.js';
import { humanTime } from '../../src/output/human-time.js';
import { ListWriter } from '../../src/output/list-writer.js';
import { renderList } from '../../src/output/render-list.js';
import { describeChanges } from '../../src/registry/write-result.js';

interface Row {
  name: string;
  at: Date;
  note: string | null;
}
const COLUMNS: Column<Row>[] = [{ key: 'name' }, { key: 'at' }, { key: 'note' }];
const at = new Date('2026-01-02T03:04:05Z');
const rows: Row[] = [
  { name: 'a, "quoted"', at, note: null },
  { name: 'b', at, note: 'x' },
];

describe('list rendering', () => {
  it('writes CSV with a header of column keys, quoting as needed, and ISO times', () => {
    assert.equal(
      renderList(rows, COLUMNS, 'csv'),
      'name,at,note\n"a, ""quoted""",2026-01-02T03:04:05.000Z,\nb,2026-01-02T03:04:05.000Z,x\n',
    );
  });

  it('writes one JSON document per line for ndjson, and { items, next } for json', () => {
    const lines = renderList(rows, COLUMNS, 'ndjson').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[1]).name, 'b');
    assert.equal(JSON.parse(renderList(rows, COLUMNS, 'json')).items.length, 2);
    assert.equal(JSON.parse(renderList(rows, COLUMNS, 'json')).next, null);
  });

  it('draws a table with only the chosen columns, fitted to the width', () => {
    const table = renderList(rows, COLUMNS, 'table', ['note', 'name']);
    assert.match(table, /Note\s+│\s+Name/);
    assert.ok(!table.includes('At'));
    const narrow = renderList([{ name: 'x'.repeat(200), at, note: null }], COLUMNS, 'table');
    assert.ok(narrow.length > 0);
  });

  it('humanises times for people', () => {
    const now = new Date('2026-01-02T06:04:05Z');
    assert.equal(humanTime(at, now), '3h ago');
    assert.equal(humanTime(new Date('2026-01-04T03:04:05Z'), now), 'in 1d');
    assert.equal(humanTime(now, now), 'just now');
  });

  it('shows control characters of stored text visibly in tables and detail views; csv and json keep them', () => {
    const hostile: Row[] = [{ name: 'x\u001b[2Jy', at, note: 'a\rb\tc\u009bd\u0007' }];
    const table = renderList(hostile, COLUMNS, 'table');
    const controls = [...table].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f')));
    assert.deepEqual(controls, []);
    assert.match(table, /x\\x1B\[2Jy/);
    assert.match(table, /a\\rb\\tc\\x9Bd\\x07/);
    const multiLine = renderList([{ name: 'esc\nnl.dat', at, note: '' }], COLUMNS, 'table');
    assert.match(multiLine, /esc\\nnl\.dat/, 'a newline in a cell is shown, not a second line');
    assert.equal(
      multiLine.trimEnd().split('\n').length,
      renderList([{ name: 'x', at, note: '' }], COLUMNS, 'table')
        .trimEnd()
        .split('\n').length,
    );
    const detail = renderDetail({ reason: 'wipe\u001b[2J', lines: 'one\ntwo', names: ['p\u001b[1m'] });
    assert.equal(detail, 'reason  wipe\\x1B[2J\nlines   one\n        two\nnames   p\\x1B[1m\n');
    assert.equal(JSON.parse(renderList(hostile, COLUMNS, 'json')).items[0].name, 'x\u001b[2Jy');
    assert.ok(renderList(hostile, COLUMNS, 'csv').includes('x\u001b[2Jy'));
    assert.equal(
      describeChanges([{ field: 'description', before: 'old\u001b[2J', after: 'new' }]),
      '  description: old\\x1B[2J → new',
    );
  });
});

describe('tables fitted to the terminal', () => {
  interface Item {
    id: string;
    path: string;
    module: string;
    checksum: string;
  }
  const ITEM_COLUMNS: Column<Item>[] = [
    { key: 'id', essential: true },
    { key: 'path', essential: true, text: true },
    { key: 'module', drop: 2 },
    { key: 'checksum', text: true, drop: 4 },
  ];
  const path = `raw/${'scan-0001/'.repeat(10)}orion-kl.fits`;
  const item = (i: number): Item => ({ id: `id-${i}`, path, module: 'CHAI/LFA', checksum: 'ab'.repeat(32) });
  const lines = (text: string) => text.trimEnd().split('\n');

  it('drops the least useful columns first, cuts free text in the middle, and keeps ids whole', () => {
    const table = renderList([item(1), item(2)], ITEM_COLUMNS, 'table', undefined, { width: 80 });
    for (const l of lines(table)) assert.ok([...l].length <= 80, l);
    assert.ok(!table.includes('Checksum'), 'the checksum goes first');
    assert.match(table, /│ Module/, 'the module fits once the checksum is gone');
    assert.match(table, /│ id-1 +│ raw\/scan-0001\/scan-0001.*….*scan-0001\/orion-kl\.fits │/);
    const narrow = renderList([item(1)], ITEM_COLUMNS, 'table', undefined, { width: 40 });
    for (const l of lines(narrow)) assert.ok([...l].length <= 40, l);
    assert.match(narrow, /│ id-1 │ raw\/.*….*\.fits │/);
  });

  it('cuts nothing when there is no width to fit (piped, --wide)', () => {
    const table = renderList([item(1)], ITEM_COLUMNS, 'table', undefined, { width: undefined });
    assert.ok(table.includes(path));
    assert.ok(table.includes('ab'.repeat(32)));
  });

  it('shows the short form of an id where one is given', () => {
    const cols: Column<Item>[] = [{ ...ITEM_COLUMNS[0], shortId: 'file' }, ITEM_COLUMNS[2]];
    const table = renderList([item(1)], cols, 'table', undefined, { width: 80, shortIds: new Map([['id-1', 'id']]) });
    assert.match(table, /│ id +│ CHAI\/LFA │/);
  });

  it('streams a table in chunks laid out from the first, starting a new one only where whole values outgrow it', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const writer = new ListWriter<Item>('table', ITEM_COLUMNS, ['id', 'module'], sink, { width: 80, chunkRows: 3 });
    await writer.write([1, 2, 3, 4].map(item));
    await writer.write([{ ...item(5), module: 'Prime-Cam/280 GHz' }, item(6)]);
    await writer.end();
    const tops = lines(out).filter((l) => l.startsWith('┌'));
    assert.equal(tops.length, 2, out);
    assert.equal(lines(out).filter((l) => l.startsWith('│ id-')).length, 6);
    assert.match(
      out,
      /│ id-4 │ CHAI\/LFA +│\n│ id-5 │ Prime-Cam\/280 GHz │/,
      'the chunk with the longer value is laid out anew',
    );
  });

  it('streams JSON as one { items, next } document, batch by batch, with what the run adds (a replica’s asOf)', async () => {
    const streamed = async (batches: Item[][], page?: Record<string, unknown>) => {
      let out = '';
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          out += chunk.toString();
          done();
        },
      });
      const writer = new ListWriter<Item>('json', ITEM_COLUMNS, undefined, sink);
      for (const b of batches) await writer.write(b);
      await writer.end(page);
      return JSON.parse(out) as unknown;
    };
    assert.deepEqual(await streamed([[item(1), item(2)], [], [item(3)]]), {
      items: [item(1), item(2), item(3)],
      next: null,
    });
    assert.deepEqual(await streamed([], { asOf: 'then', replicaLagSeconds: 2 }), {
      items: [],
      next: null,
      asOf: 'then',
      replicaLagSeconds: 2,
    });
  });
});
