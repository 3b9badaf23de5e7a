import assert from 'node:assert/strict';
import { claimBatch, recordCopies, startRun } from '../../src/audit/run-ledger.js';
import { auditPlace, placeFiles, someFiles, useSeededPool } from '../helpers/audit-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe('audit run ledger', function () {
  this.timeout(60_000);
  const db = useTestDatabase();
  const seeded = useSeededPool(db);

  it('drops the results of a worker whose batch was taken over while it was cut off', async () => {
    const place = await auditPlace(db, 'ledger');
    await placeFiles(db, place, someFiles(4, 10, 'x'));
    const params = { dark: false, darkMinAgeMs: 86_400_000 };
    const { run } = await startRun(
      seeded(),
      { locationId: place.id, mode: 'size', params, host: 'a', pid: 1 },
      false,
      60_000,
    );
    const opts = { staleMs: 60_000, batchSize: 10, batchBytes: 2 ** 40 };
    const batch = (await claimBatch(seeded(), run, 'a:1/1', opts))!;
    assert.equal(batch.copyIds.length, 4);
    // Another worker took it over (its heartbeat had gone stale).
    await db.query(`update audit_batch set worker = 'b:2/1' where id = $1`, [batch.id]);
    const results = batch.copyIds.map((id) => ({
      copy: { id, path: '', size: 10, checksum: null, algorithm: null },
      outcome: 'missing' as const,
      bytes: 0,
    }));
    assert.equal(await recordCopies(seeded(), run, batch, results, []), false);
    const [counts] = await db.query<{ checked: number; missing: number; batches: number; findings: number }>(
      `select checked::int, missing::int,
              (select count(*)::int from audit_batch where run_id = r.id) as batches,
              (select count(*)::int from audit_finding where run_id = r.id) as findings
         from audit_run r where id = $1`,
      [run.id],
    );
    assert.deepEqual(counts, { checked: 0, missing: 0, batches: 1, findings: 0 });
    // Its owner records it once.
    assert.equal(await recordCopies(seeded(), run, { ...batch, worker: 'b:2/1' }, results, []), true);
    const [after] = await db.query<{ checked: number }>(`select checked::int from audit_run where id = $1`, [run.id]);
    assert.equal(after.checked, 4);
  });
});
