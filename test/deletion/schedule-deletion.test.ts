import assert from 'node:assert/strict';
import pg from 'pg';
import { deletableCopies } from '../../src/deletion/deletable-copies.js';
import { deletionRefusal, scheduleDeletion } from '../../src/deletion/schedule-deletion.js';
import { GB } from '../helpers/ops-fixture.js';
import { loadDeletionFixture, statuses } from '../helpers/deletion-fixture.js';
import { raceOutcome } from '../helpers/race.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** Copy ids as in test/helpers/deletion-fixture.ts; each test uses its own location's copies. */
describe('schedule deletion', function () {
  this.timeout(120_000);
  const clients: pg.Client[] = [];
  after(async () => Promise.all(clients.map((c) => c.end()))); // registered first, so run before the database is dropped
  const db = useTestDatabase();
  const connect = async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    clients.push(c);
    return c;
  };

  before(async () => loadDeletionFixture(db));

  it('moves the chosen copies to deletion_scheduled, and only those', async () => {
    const client = await connect();
    const plan = await deletableCopies(client, { location: 'ccat/telescope_computer', limit: 1 });
    const done = await scheduleDeletion(client, plan);
    assert.deepEqual(
      done.scheduled.map((c) => [c.id, c.status]),
      [[11, 'deletion_scheduled']],
    );
    assert.deepEqual(done.skipped, []);
    assert.deepEqual(await statuses(db, [11, 12, 13, 14]), {
      11: 'deletion_scheduled',
      12: 'present',
      13: 'present',
      14: 'present',
    });
    assert.deepEqual(
      (await deletableCopies(client, { location: 'ccat/telescope_computer' })).items.map((c) => c.id),
      [12],
    );
  });

  it('skips a copy another run holds, without waiting for it', async () => {
    const [client, other] = [await connect(), await connect()];
    const plan = await deletableCopies(client, { location: 'ramses/processing' });
    assert.deepEqual(
      plan.items.map((c) => c.id),
      [16],
    );
    await other.query('begin');
    await other.query('select id from physical_copy where id = 16 for update');
    try {
      const done = await scheduleDeletion(client, plan);
      assert.deepEqual(done.scheduled, []);
      assert.deepEqual(
        done.skipped.map((s) => [s.id, s.reason]),
        [[16, 'locked']],
      );
    } finally {
      await other.query('rollback');
    }
    assert.deepEqual(await statuses(db, [16]), { 16: 'staged' });
  });

  it('skips a copy whose package lost its archive copy between the listing and the scheduling', async () => {
    const client = await connect();
    const plan = await deletableCopies(client, { location: 'cologne/buffer' });
    assert.deepEqual(
      plan.items.map((c) => c.id),
      [1, 3, 2, 4],
    );
    // P2's only archive copy goes (status deleted) after the listing.
    await db.query(`update physical_copy set status = 'deleted', deleted_at = now() where id = 8`);
    const done = await scheduleDeletion(client, plan);
    assert.deepEqual(
      done.scheduled.map((c) => c.id),
      [1, 2],
    );
    assert.equal(done.totalBytes, 10 * GB);
    assert.deepEqual(
      done.skipped.map((s) => [s.id, s.reason]),
      [
        [3, 'buffer_kept_until_in_long_term_archive'],
        [4, 'buffer_kept_until_in_long_term_archive'],
      ],
    );
    assert.match(done.skipped[0].detail, /raw data package P2 has no present copy in an active long-term archive/);
    assert.deepEqual(await statuses(db, [1, 2, 3, 4]), {
      1: 'deletion_scheduled',
      2: 'deletion_scheduled',
      3: 'present',
      4: 'present',
    });
  });

  it('schedules each copy once when two runs on the same location overlap', async () => {
    const [a, b] = [await connect(), await connect()];
    const [planA, planB] = [
      await deletableCopies(a, { location: 'ccat/telescope_computer' }),
      await deletableCopies(b, { location: 'ccat/telescope_computer' }),
    ];
    assert.deepEqual(
      planA.items.map((c) => c.id),
      [12],
    );
    assert.deepEqual(planB.items, planA.items);
    const [doneA, doneB] = await Promise.all([scheduleDeletion(a, planA), scheduleDeletion(b, planB)]);
    const scheduled = [...doneA.scheduled, ...doneB.scheduled].map((c) => c.id);
    assert.deepEqual(scheduled, [12], 'scheduled by exactly one of the runs');
    const skipped = [...doneA.skipped, ...doneB.skipped];
    assert.deepEqual(
      skipped.map((s) => s.id),
      [12],
    );
    assert.ok(['locked', 'status'].includes(skipped[0].reason), skipped[0].reason);
    assert.deepEqual(await statuses(db, [12]), { 12: 'deletion_scheduled' });
  });

  it('turns a refusal of the deletion guard into one line naming the rule', async () => {
    const refused = await db.query(`update physical_copy set status = 'deletion_scheduled' where id = 13`).then(
      () => undefined,
      (err: unknown) => err,
    );
    const err = deletionRefusal(refused);
    assert.equal(err?.name, 'Conflict');
    assert.equal(err?.exitCode, 1);
    assert.match(
      err?.message ?? '',
      /^the database refused \(physical_copy_source_kept_until_archived\): .*raw data package P3 is waiting, not archived; nothing was scheduled$/,
    );
    assert.match(err?.actions[0] ?? '', /wait until the package is archived/);
    assert.equal(deletionRefusal(new Error('other')), undefined);
    assert.deepEqual(await statuses(db, [13]), { 13: 'present' });
  });
});

describe('schedule deletion and an audit finding recorded on an archive copy it relies on', function () {
  this.timeout(120_000);
  const clients: pg.Client[] = [];
  after(async () => Promise.all(clients.map((c) => c.end())));
  const db = useTestDatabase();
  const connect = async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    clients.push(c);
    return c;
  };

  before(async () => loadDeletionFixture(db));

  /** An open finding on each archive copy of `copies`, as an audit (or another writer) records it. */
  const finding = (copies: number[]) =>
    `with run as (insert into audit_run (data_location_id, mode)
                  select data_location_id, 'checksum' from physical_copy where id = ${copies[0]} returning id)
     insert into audit_finding (run_id, last_run_id, data_location_id, kind, physical_copy_id, relative_path)
     select run.id, run.id, c.data_location_id, 'checksum_mismatch', c.id, 'pkg.tar'
       from run, physical_copy c where c.id in (${copies.join(', ')})`;
  afterEach(() =>
    db.query(`update audit_finding set resolved_at = now(), resolution = 'passed' where resolved_at is null`),
  );

  for (const [location, copy, archiveCopies, rule] of [
    ['ramses/processing', 16, [8], 'processing_kept_until_in_long_term_archive'],
    ['us/buffer', 17, [8], 'buffer_kept_until_in_long_term_archive'],
    ['ccat/telescope_computer', 12, [7, 9], 'physical_copy_source_kept_until_archived'],
  ] as const) {
    it(`at ${location}: scheduling waits for the finding's transaction, then keeps the copy`, async () => {
      const plan = await deletableCopies(await connect(), { location });
      assert.ok(
        plan.items.some((c) => c.id === copy),
        `copy ${copy} is deletable before the finding`,
      );
      let done: Awaited<ReturnType<typeof scheduleDeletion>> | undefined;
      const { error, waited } = await raceOutcome(db.url, finding([...archiveCopies]), async (other) => {
        done = await scheduleDeletion(other, plan);
      });
      assert.equal(error, undefined);
      assert.ok(waited, 'schedule-deletion waited for the finding');
      assert.ok(!done!.scheduled.some((c) => c.id === copy), `copy ${copy} was not scheduled`);
      assert.deepEqual(
        done!.skipped.filter((s) => s.id === copy).map((s) => s.reason),
        [rule],
      );
      assert.notEqual((await statuses(db, [copy]))[copy], 'deletion_scheduled');
    });
  }

  it('an archive taken out of service meanwhile: scheduling waits for it too, then keeps the copy', async () => {
    const plan = await deletableCopies(await connect(), { location: 'ramses/processing' });
    let done: Awaited<ReturnType<typeof scheduleDeletion>> | undefined;
    const { error, waited } = await raceOutcome(
      db.url,
      `update data_location set active = false where id = (select data_location_id from physical_copy where id = 8)`,
      async (other) => {
        done = await scheduleDeletion(other, plan);
      },
    );
    try {
      assert.equal(error, undefined);
      assert.ok(waited, 'schedule-deletion waited for the location update');
      assert.deepEqual(
        done!.skipped.map((s) => [s.id, s.reason]),
        [[16, 'processing_kept_until_in_long_term_archive']],
      );
    } finally {
      await db.query(
        `update data_location set active = true where id = (select data_location_id from physical_copy where id = 8)`,
      );
    }
  });

  it('another writer of plain SQL: its SOURCE deletion waits for the finding too, then is refused', async () => {
    const { error, waited } = await raceOutcome(
      db.url,
      finding([7, 9]),
      `update physical_copy set status = 'deletion_scheduled' where id = 12`,
    );
    assert.ok(waited, 'the deletion guard waited for the finding');
    assert.equal((error as { constraint?: string }).constraint, 'physical_copy_source_kept_until_archived');
    assert.deepEqual(await statuses(db, [12]), { 12: 'present' });
  });

  it('in REPEATABLE READ, with a snapshot older than the finding: a serialization failure, nothing scheduled', async () => {
    const { error, waited } = await raceOutcome(db.url, finding([7, 9]), async (other) => {
      await other.query('begin isolation level repeatable read');
      try {
        await other.query('select count(*) from audit_finding'); // the snapshot, before the finding commits
        await other.query(`update physical_copy set status = 'deletion_scheduled' where id = 12`);
        await other.query('commit');
      } finally {
        await other.query('rollback');
      }
    });
    assert.ok(waited, 'the deletion guard waited for the finding');
    assert.equal((error as { code?: string }).code, '40001');
    assert.deepEqual(await statuses(db, [12]), { 12: 'present' });
  });

  it('a finding inserted, or reopened, while scheduling holds the archive copy waits for it', async () => {
    const hold = `select id from physical_copy where id = 8 for share`; // as lockArchiveCopies reads it
    const inserted = await raceOutcome(db.url, hold, finding([8]));
    assert.deepEqual(inserted, { error: undefined, waited: true });
    await db.query(`update audit_finding set resolved_at = now(), resolution = 'passed' where resolved_at is null`);
    const reopened = await raceOutcome(
      db.url,
      hold,
      `update audit_finding set resolved_at = null, resolution = null
        where id = (select max(id) from audit_finding where physical_copy_id = 8)`,
    );
    assert.deepEqual(reopened, { error: undefined, waited: true });
    // A finding on a copy outside the archives (a buffer's) takes no lock: nothing relies on it.
    const elsewhere = await raceOutcome(db.url, `select id from physical_copy where id = 1 for share`, finding([1]));
    assert.deepEqual(elsewhere, { error: undefined, waited: false });
  });
});
