import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { auditPlace, placeFiles, someFiles } from '../helpers/audit-fixture.js';
import { startCli } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe('quiet runs for cron: --quiet, --progress-interval 0, progress of a resumed run', function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });

  before(async () => {
    await seedDatabase((await db.em()) as never);
  });

  it('--quiet prints nothing at all when all is well', async () => {
    const place = await auditPlace(db, 'quiet-ok');
    await placeFiles(db, place, someFiles(5, 100, 'q'));
    for (const args of [
      ['audit', 'copies', '--location', place.key, '--mode', 'size'],
      ['transfer', 'backlog', '--fail-if-failed', '0'],
      ['archive', 'backlog'],
      ['db', 'migrate'],
      ['db', 'check'],
      ['db', 'check', '--data'],
      ['db', 'seed'],
    ]) {
      const r = await cli(...args, '--quiet');
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr, '', args.join(' '));
    }
  });

  it('--quiet prints only the problem when there is one (exit 3)', async () => {
    const place = await auditPlace(db, 'quiet-bad');
    await placeFiles(db, place, someFiles(4, 100, 'b'));
    rmSync(join(place.root, 'b', 'f0001.dat'));
    const audit = await cli('audit', 'copies', '--location', place.key, '-q');
    assert.equal(audit.status, 3, audit.stderr);
    assert.equal(audit.stdout, '');
    assert.match(
      audit.stderr,
      /^Problem: 1 finding\(s\) in audit run \d+ of cologne\/quiet-bad \(missing 1\)\nTry: .*\n$/,
    );

    await db.query(
      `insert into data_transfer_package (name, relative_path, size_bytes) values ('quiet-dtp', 'q.tar', 1);
       insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, status, finished_at, started_at)
       select p.id, (select min(id) from data_location), (select max(id) from data_location), 'failed', now(), now()
         from data_transfer_package p where p.name = 'quiet-dtp'`,
    );
    const backlog = await cli('transfer', 'backlog', '--fail-if-failed', '0', '--quiet');
    assert.equal(backlog.status, 3, backlog.stderr);
    assert.equal(backlog.stdout, '');
    assert.match(backlog.stderr, /^Problem: .*failed.*\nTry: .*\n$/);
  });

  it('--progress-interval 0 turns progress lines off; a resumed run counts what is left, never more done than total', async () => {
    const place = await auditPlace(db, 'progress');
    await placeFiles(db, place, someFiles(200, 128 * 1024, 'p'));
    const args = ['audit', 'copies', '--location', place.key, '--mode', 'checksum', '--batch-size', '5'];
    const first = startCli([...args, '--concurrency', '1'], { url: db.url });
    const checked = async () =>
      (
        await db.query<{ checked: number }>(`select checked::int from audit_run where data_location_id = $1`, [
          place.id,
        ])
      )[0]?.checked ?? 0;
    for (let i = 0; i < 200 && (await checked()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    first.child.kill('SIGTERM');
    await first.exited;
    const before = await checked();
    assert.ok(before > 0 && before < 200, `interrupted mid-run (${before} checked)`);

    const resumed = await runCommand([...args, '--concurrency', '1', '--progress-interval', '20ms'], { url: db.url });
    assert.equal(resumed.status, 0, resumed.stderr);
    const lines = [...resumed.stderr.matchAll(/: (\d+)\/(\d+) files/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(lines.length > 0, resumed.stderr);
    for (const [done, total] of lines) {
      assert.ok(done <= total, `progress ${done}/${total}`);
      assert.ok(total <= 200 - before, `total ${total} is what was left (${200 - before})`);
    }

    // A whole new run, as long as the one above that logged progress every 20 ms.
    const off = await runCommand([...args, '--concurrency', '1', '--progress-interval', '0'], { url: db.url });
    assert.equal(off.status, 0, off.stderr);
    assert.doesNotMatch(off.stderr, /files\/s/, 'no progress line');
  });
});
