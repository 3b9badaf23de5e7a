import assert from 'node:assert/strict';
import pg from 'pg';
import { findingList, runList } from '../../src/audit/audit-lists.js';
import { stagingList } from '../../src/staging/staging-jobs.js';
import { archiveList } from '../../src/views/archive-list.js';
import { copyList } from '../../src/views/copy-list.js';
import { executedList } from '../../src/views/executed-list.js';
import { fileList } from '../../src/views/file-list.js';
import { streamCopyText, streamRows, type KeysetList } from '../../src/views/keyset.js';
import { packageList } from '../../src/views/package-list.js';
import { VIEW_TYPES, type Queryable } from '../../src/views/queryable.js';
import { stringify } from 'csv-stringify/sync';
import { ARCHIVE_COLUMNS } from '../../src/output/archive-columns.js';
import { FINDING_COLUMNS, RUN_COLUMNS } from '../../src/output/audit-columns.js';
import { cellText, cellValue, showsItsField, type Column } from '../../src/output/columns.js';
import { COPY_COLUMNS } from '../../src/output/copy-columns.js';
import { EXECUTED_COLUMNS } from '../../src/output/executed-columns.js';
import { FILE_COLUMNS } from '../../src/output/file-columns.js';
import { PACKAGE_COLUMNS } from '../../src/output/package-columns.js';
import { STAGING_COLUMNS } from '../../src/output/staging-columns.js';
import { TRANSFER_COLUMNS } from '../../src/output/transfer-columns.js';
import { csvRecords, jsonLines, type TextChunk } from '../../src/views/copy-stream.js';
import sql from 'sql-template-tag';
import { transferList } from '../../src/views/transfer-list.js';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * `--all --output ndjson` reads rows as COPY text and rewrites each line as JSON (issue #16, streams
 * near psql): every line must be the text `JSON.stringify` makes of the row the driver parses, for every list.
 */
/** A chunk's lines; also checks that it counts them right and ends each with a newline. */
function linesOf(chunk: TextChunk): string[] {
  const text = chunk.text.toString();
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  assert.equal(lines.length, chunk.rows);
  return lines;
}

describe('JSON lines read with COPY', function () {
  this.timeout(60_000);
  let client: pg.Client;
  after(async () => {
    await client?.end(); // before the test database is dropped
  });
  const db = useTestDatabase();

  before(async () => {
    await loadOpsFixture(db);
    // Values that JSON escapes, microseconds that milliseconds cut, a size past 2^53, and a staging
    // job and an audit finding so that every list has rows.
    await db.query(
      String.raw`update data_transfer set error_message = e'quote " backslash \\ tab \t nl \n bell \u0007 é 𝄞'`,
    );
    await db.query(`update physical_copy set created_at = '2026-03-04 05:06:07.999999+00'`);
    await db.query(`update raw_data_package set size_bytes = 9007199254740993 where name = 'P1'`);
    await db.query(`insert into staging_job (destination_location_id, requested_by, reason)
                    select l.id, 'night shift', 'tab\there' from data_location l where l.name = 'processing'`);
    await db.query(
      `insert into audit_run (data_location_id, mode) select id, 'size' from data_location where name = 'lta' limit 1`,
    );
    await db.query(`insert into audit_finding (run_id, kind, relative_path, data_location_id, expected, actual)
                    select id, 'dark', 'raw/ünïcode "x".fits', data_location_id, null, '12' from audit_run`);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const lists: [string, (q: Queryable) => Promise<KeysetList>, Column<any>[]][] = [
    ['transfer list', (q) => transferList(q, {}), TRANSFER_COLUMNS],
    ['copy list --deleted', (q) => copyList(q, { deleted: true }), COPY_COLUMNS],
    ['file list', (q) => fileList(q, {}), FILE_COLUMNS],
    ['package list', (q) => packageList(q, {}), PACKAGE_COLUMNS],
    ['executed list', (q) => executedList(q, {}), EXECUTED_COLUMNS],
    ['archive list', (q) => archiveList(q, {}), ARCHIVE_COLUMNS],
    ['staging list', (q) => stagingList(q, {}), STAGING_COLUMNS],
    ['audit findings', (q) => findingList(q, {}), FINDING_COLUMNS],
  ];

  for (const [name, make, columns] of lists) {
    const plain = columns.filter(showsItsField);
    it(`${name} --output csv: the columns that show a field as it is are the CSV csv-stringify makes`, async () => {
      assert.ok(plain.length > 0);
      const list = await make(client);
      const rows: unknown[][] = [plain.map((c) => c.key)];
      for await (const batch of streamRows(client, list, {})) {
        rows.push(...batch.map((r) => plain.map((c) => cellText(cellValue(c, r)))));
      }
      const records = await streamCopyText(client, list, {}, (q, query) =>
        csvRecords(
          q,
          query,
          plain.map((c) => c.key),
        ),
      );
      let got = '';
      for await (const chunk of records!) got += chunk.text;
      assert.equal(got, stringify(rows));
    });
  }

  for (const [name, make] of lists) {
    it(`${name}: each line is JSON.stringify of the row, in the same order`, async () => {
      const list = await make(client);
      const expected: string[] = [];
      for await (const batch of streamRows(client, list, { batch: 2 }))
        expected.push(...batch.map((r) => JSON.stringify(r)));
      const lines = await streamCopyText(client, list, {}, jsonLines);
      assert.ok(lines, `${name} has a column the server cannot render as the driver would`);
      const got: string[] = [];
      for await (const chunk of lines) got.push(...linesOf(chunk));
      assert.deepEqual(got, expected);
    });
  }

  it('renders the hard values as JSON.stringify does: escapes, milliseconds cut, a size past 2^53 as text', async () => {
    const lines = async (list: KeysetList) => {
      const all: string[] = [];
      for await (const chunk of (await streamCopyText(client, list, {}, jsonLines))!) all.push(...linesOf(chunk));
      return all.join('\n');
    };
    assert.ok(
      (await lines(await transferList(client, {}))).includes(
        String.raw`"errorMessage":"quote \" backslash \\ tab \t nl \n bell \u0007 é 𝄞"`,
      ),
    );
    assert.match(await lines(await copyList(client, { deleted: true })), /"createdAt":"2026-03-04T05:06:07\.999Z"/);
    assert.match(await lines(await packageList(client, {})), /"sizeBytes":"9007199254740993"/);
  });

  for (const [name, make] of lists) {
    it(`${name} has rows here, so the comparison above compared something`, async () => {
      let n = 0;
      for await (const chunk of (await streamCopyText(client, await make(client), {}, jsonLines))!) n += chunk.rows;
      assert.ok(n > 0);
    });
  }

  it('knows which columns show one field as it is', () => {
    assert.equal(showsItsField(TRANSFER_COLUMNS.find((c) => c.key === 'status')!), true);
    const findings = RUN_COLUMNS.find((c) => c.key === 'findings')!;
    assert.equal(showsItsField(findings), false, 'the sum of the finding kinds, computed for the table');
  });

  it('leaves audit runs to the driver: their params are JSON, which the server prints with spaces', async () => {
    assert.equal(await streamCopyText(client, await runList(client, {}), {}, jsonLines), undefined);
  });

  it('leaves a query with a type it cannot render exactly to the driver, and renders the rest', async () => {
    assert.equal(await jsonLines(client, sql`select 1 as id, '{"a": 1}'::jsonb as doc`), undefined);
    const at = new Date('2026-01-02T03:04:05.678Z');
    const lines = await jsonLines(
      client,
      sql`select ${7}::int as id, ${"it's"}::text as name, ${at}::timestamptz as at, ${'b'} = any(${['a', 'b']}::text[]) as known`,
    );
    const got: string[] = [];
    for await (const chunk of lines!.chunks()) got.push(...linesOf(chunk));
    assert.deepEqual(got, ['{"id":7,"name":"it\'s","at":"2026-01-02T03:04:05.678Z","known":true}']);
  });

  it('writes plain cells as they come and the rest as the driver path does, across many COPY chunks', async () => {
    // Rows whose cells take every path of the byte-level rewrite: plain and multi-byte text, text with
    // escapes, quotes and control characters, integers (0, negative, 15 and 16 digits), booleans,
    // timestamps with 0–6 fractional digits and past year 9999, floats and nulls; ~9 MB of COPY text.
    const query = sql`select g as id,
        case g % 5 when 0 then 'plain ' || g when 3 then 'bell' || chr(7) || g when 1 then 'é 𝄞 ' || g when 2 then e'q\" b\\\\ t\t n\n c\x01 ' || g end as name,
        (case g % 5 when 0 then 0 when 1 then -g when 2 then 999999999999999 + g when 3 then 9007199254740993 else g end)::int8 as size,
        g % 3 = 0 as flag,
        timestamptz '2026-01-02 03:04:05+00' + (g % 7) * interval '1.234567 s' + (case when g % 1000 = 0 then interval '9000 years' else interval '0' end) as at,
        case when g % 6 = 0 then null else g / 7.0::float8 end as ratio
      from generate_series(1, 60000) g`;
    const lines = await jsonLines(client, query);
    const got: string[] = [];
    let chunks = 0;
    for await (const chunk of lines!.chunks()) {
      got.push(...linesOf(chunk));
      chunks++;
    }
    const { rows } = await client.query({ text: query.text, values: query.values, types: VIEW_TYPES });
    assert.ok(chunks > 2, `${chunks} chunks`);
    assert.equal(got.length, rows.length);
    for (let i = 0; i < rows.length; i++) assert.equal(got[i], JSON.stringify(rows[i]), `row ${i + 1}`);
  });

  it('leaves the connection usable after a stream read to the end', async () => {
    const lines = await streamCopyText(client, await copyList(client, {}), {}, jsonLines);
    let n = 0;
    for await (const chunk of lines!) n += linesOf(chunk).length;
    const { rows } = await client.query(`select count(*)::int as n from physical_copy where status <> 'deleted'`);
    assert.equal(n, rows[0].n);
  });
});
