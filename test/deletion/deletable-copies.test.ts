import assert from 'node:assert/strict';
import pg from 'pg';
import { deletableCopies, explainCopy } from '../../src/deletion/deletable-copies.js';
import { GB } from '../helpers/ops-fixture.js';
import { loadDeletionFixture } from '../helpers/deletion-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** Copy ids as in test/helpers/deletion-fixture.ts. */
describe('deletable copies', function () {
  this.timeout(120_000);
  let client: pg.Client;
  after(async () => client?.end()); // before the database is dropped: registered first, so run first
  const db = useTestDatabase();
  const ids = async (location: string, more: { limit?: number; bytes?: number; after?: string } = {}) =>
    (await deletableCopies(client, { location, ...more })).items.map((c) => c.id);
  const rules = async (id: number) => (await explainCopy(client, String(id))).keptBy.map((k) => k.rule);

  before(async () => {
    await loadDeletionFixture(db);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  it('lists a buffer’s deletable copies oldest first, with the bytes each frees and the total', async () => {
    const list = await deletableCopies(client, { location: 'cologne/buffer' });
    assert.deepEqual(
      list.items.map((c) => [c.id, c.item, c.sizeBytes, c.cumulativeBytes]),
      [
        [1, 'raw/P1/1.fits', 5 * GB, 5 * GB],
        [3, 'raw/P2/1.fits', 10 * GB, 15 * GB],
        [2, 'raw/P1/2.fits', 5 * GB, 20 * GB],
        [4, 'raw/P2/2.fits', 10 * GB, 30 * GB],
      ],
    );
    assert.equal(list.totalBytes, 30 * GB);
    assert.equal(list.next, null);
    assert.equal(list.locationType, 'buffer');
  });

  it('picks just enough oldest copies for --bytes, and says where the rest starts', async () => {
    const list = await deletableCopies(client, { location: 'cologne/buffer', bytes: 12 * GB });
    assert.deepEqual(
      list.items.map((c) => c.id),
      [1, 3],
    );
    assert.equal(list.totalBytes, 15 * GB);
    assert.equal(list.next, '3');
    assert.deepEqual(await ids('cologne/buffer', { after: '3' }), [2, 4]);
  });

  it('stops at --limit, whichever of --limit and --bytes comes first', async () => {
    assert.deepEqual(await ids('cologne/buffer', { limit: 1 }), [1]);
    assert.deepEqual(await ids('cologne/buffer', { limit: 3, bytes: 1 }), [1]);
    assert.deepEqual(await ids('cologne/buffer', { limit: 2, bytes: 100 * GB }), [1, 3]);
    const all = await deletableCopies(client, { location: 'cologne/buffer', limit: 4 });
    assert.equal(all.next, null, 'no fifth deletable copy, so no next page');
  });

  it('keeps buffer copies whose package is not in a long-term archive or was not sent on', async () => {
    assert.deepEqual(await ids('ccat/buffer'), []);
    assert.deepEqual(await rules(5), ['buffer_kept_until_in_long_term_archive', 'buffer_kept_until_sent_onward']);
    const why = await explainCopy(client, '5');
    assert.equal(why.deletable, false);
    assert.match(why.keptBy[0].detail, /raw data package P3 has no present copy in an active long-term archive/);
    assert.match(
      why.keptBy[1].detail,
      /transfer package B2 has no completed \(and unpacked\) transfer from ccat\/buffer/,
    );
  });

  it('needs the onward transfer unpacked, not only transferred', async () => {
    await db.query(`update data_transfer set unpack_status = 'in_progress' where id = 2`);
    try {
      assert.deepEqual(await ids('cologne/buffer'), []);
      assert.deepEqual(await rules(1), ['buffer_kept_until_sent_onward']);
      assert.deepEqual(await ids('us/buffer'), [17], 'no route leaves us: nothing to send on');
    } finally {
      await db.query(`update data_transfer set unpack_status = 'completed' where id = 2`);
    }
  });

  it('needs the archive copy verified', async () => {
    await db.query('update physical_copy set verified_at = null where id = 8');
    try {
      assert.deepEqual(await ids('cologne/buffer'), [1, 2]);
      assert.deepEqual(await rules(3), ['buffer_kept_until_in_long_term_archive']);
    } finally {
      await db.query(`update physical_copy set verified_at = now() - interval '1 day' where id = 8`);
    }
  });

  /** The present copies of P1 and P2 (archived, verified) in long-term archives. */
  const archiveCopies = async () =>
    db.query<{ id: string; data_location_id: number; relative_path: string }>(
      `select a.id, a.data_location_id, p.relative_path from physical_copy a
         join data_location l on l.id = a.data_location_id join raw_data_package p on p.id = a.raw_data_package_id
        where l.location_type = 'long_term_archive' and a.status = 'present' and p.name in ('P1', 'P2')`,
    );
  const everythingRelyingOnTheArchive = async () => ({
    buffer: await ids('cologne/buffer'),
    source: await ids('ccat/telescope_computer'),
    processing: await ids('ramses/processing'),
  });
  const RELYING = { buffer: [1, 3, 2, 4], source: [11, 12], processing: [16] };

  it('needs the archive copy unquestioned: an open audit finding keeps what relies on it until an audit resolves it', async () => {
    const copies = await archiveCopies();
    assert.ok(copies.length >= 2, 'P1 and P2 each have an archive copy');
    const [run] = await db.query<{ id: string }>(
      `insert into audit_run (data_location_id, mode, status) values ($1, 'checksum', 'completed') returning id`,
      [copies[0].data_location_id],
    );
    for (const c of copies) {
      await db.query(
        `insert into audit_finding (run_id, data_location_id, kind, physical_copy_id, relative_path, expected, actual)
         values ($1, $2, 'checksum_mismatch', $3, $4, 'c', 'd')`,
        [run.id, c.data_location_id, c.id, c.relative_path],
      );
    }
    try {
      assert.deepEqual(await everythingRelyingOnTheArchive(), { buffer: [], source: [], processing: [] });
      assert.deepEqual(await rules(3), ['buffer_kept_until_in_long_term_archive']);
      assert.deepEqual(await rules(16), ['processing_kept_until_in_long_term_archive']);
      assert.deepEqual(await rules(11), ['physical_copy_source_kept_until_archived']);
      // The database itself refuses, whoever writes, at every step towards deletion.
      await assert.rejects(
        db.query(`update physical_copy set status = 'deletion_scheduled' where id = 11`),
        /raw data package P1 has no present copy in an active long-term archive whose checksum was verified and that no open audit finding questions/,
      );
    } finally {
      await db.query(`update audit_finding set resolved_at = now(), resolution = 'ok' where run_id = $1`, [run.id]);
    }
    assert.deepEqual(await everythingRelyingOnTheArchive(), RELYING);
  });

  it('needs the archive active: copies in an archive taken out of service do not count', async () => {
    const locations = [...new Set((await archiveCopies()).map((c) => c.data_location_id))];
    await db.query('update data_location set active = false where id = any($1::int[])', [locations]);
    try {
      assert.deepEqual(await everythingRelyingOnTheArchive(), { buffer: [], source: [], processing: [] });
      await assert.rejects(
        db.query(`update physical_copy set status = 'deletion_scheduled' where id = 12`),
        /SOURCE location cannot be deleted/,
      );
    } finally {
      await db.query('update data_location set active = true where id = any($1::int[])', [locations]);
    }
    assert.deepEqual(await everythingRelyingOnTheArchive(), RELYING);
  });

  it('keeps a PROCESSING copy that exists only there: a file registered there, never packed and archived', async () => {
    const [copy] = await db.query<{ id: string }>(
      `with f as (
         insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
         select executed_obs_unit_id, instrument_module_id, 'scratch/only-here.fits', 10, 'x', 'md5'
           from raw_data_package where name = 'P1'
         returning id)
       insert into physical_copy (copy_type, raw_data_file_id, data_location_id, status)
       select 'raw_data_file', f.id, l.id, 'present'
         from f, data_location l join site s on s.id = l.site_id where s.short_name = 'ramses' and l.name = 'processing'
       returning id`,
    );
    try {
      assert.deepEqual(await ids('ramses/processing'), [16]);
      const why = await explainCopy(client, copy.id);
      assert.deepEqual(
        why.keptBy.map((k) => k.rule),
        ['processing_kept_until_in_long_term_archive'],
      );
      assert.match(why.keptBy[0].detail, /belongs to no raw data package, so nothing of it is in a long-term archive/);
    } finally {
      const [{ file }] = await db.query<{ file: string }>(
        'delete from physical_copy where id = $1 returning raw_data_file_id as file',
        [copy.id],
      );
      await db.query('delete from raw_data_file where id = $1', [file]);
    }
  });

  it('offers SOURCE copies the database rules let go, and says which rule keeps the others', async () => {
    assert.deepEqual(await ids('ccat/telescope_computer'), [11, 12]);
    const why = await explainCopy(client, '13');
    assert.deepEqual(
      why.keptBy.map((k) => [k.rule, k.by]),
      [['physical_copy_source_kept_until_archived', 'database']],
    );
    assert.match(why.keptBy[0].detail, /raw data package P3 is waiting, not archived/);
  });

  it('offers staged PROCESSING copies no active staging job needs', async () => {
    assert.deepEqual(await ids('ramses/processing'), [16]);
    assert.deepEqual(await rules(15), ['physical_copy_needed_by_staging']);
  });

  it('never offers long-term archive copies, and says so', async () => {
    const list = await deletableCopies(client, { location: 'cologne/lta' });
    assert.deepEqual(list.items, []);
    assert.match(list.neverOffered ?? '', /never offers archive copies/);
    assert.deepEqual(await rules(7), ['long_term_archive_never_offered']);
  });

  it('explains a deletable copy as deletable, and a copy no longer present by its status', async () => {
    const ok = await explainCopy(client, '1', 'cologne/buffer');
    assert.deepEqual([ok.deletable, ok.keptBy], [true, []]);
    assert.deepEqual(await rules(10), ['copy_not_present']);
  });

  it('refuses bad input with the right error', async () => {
    await assert.rejects(deletableCopies(client, { location: 'cologne/bufer' }), { name: 'NotFound', exitCode: 4 });
    await assert.rejects(deletableCopies(client, { location: 'cologne' }), { exitCode: 2 });
    await assert.rejects(explainCopy(client, 'abc'), { name: 'UsageError', message: /'abc' is not a copy id/ });
    await assert.rejects(explainCopy(client, '999999'), { name: 'NotFound', message: /no physical copy 999999/ });
    await assert.rejects(explainCopy(client, '1', 'ccat/buffer'), {
      name: 'UsageError',
      message: /copy 1 is at cologne\/buffer, not at ccat\/buffer/,
    });
    await assert.rejects(deletableCopies(client, { location: 'cologne/buffer', after: '5' }), { name: 'NotFound' });
  });
});
