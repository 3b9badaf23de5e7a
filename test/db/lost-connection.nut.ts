import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { auditPlace } from '../helpers/audit-fixture.js';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import type { CliResult } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { requireRealServer } from '../helpers/test-server.js';

/**
 * A connection the server ends while a command is using it (an administrator's
 * pg_terminate_backend, a restart): exit 69, one line naming the host, no stack trace.
 */
describe('a command whose database connection is ended while it works', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  let holder: pg.Client;

  before(async function () {
    await requireRealServer(this);
    await seedDatabase((await db.em()) as never);
    await loadOpsFixture(db);
    holder = new pg.Client({ connectionString: db.url });
    holder.on('error', () => undefined); // the database is dropped (with its sessions) before this file's after()
    await holder.connect();
  });
  after(async () => {
    await holder?.end();
  });

  /** The command's connections say who they are (PGAPPNAME), so the test ends the right one. */
  const env = { PGAPPNAME: 'ccat-ops-under-test' };

  /** The pid of the command's session once it is in `state` and its (last) statement matches `pattern`. */
  async function backend(pattern: string, state: string): Promise<number> {
    for (;;) {
      const { rows } = await holder.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where application_name = $1 and query like $2 and state = $3`,
        [env.PGAPPNAME, pattern, state],
      );
      if (rows.length === 1) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  function lost(r: CliResult): void {
    const host = new URL(db.url).host;
    assert.equal(r.status, 69, r.stderr);
    assert.match(
      r.stderr,
      /^Error: lost the connection to PostgreSQL at .*: (the server ended the session \(57P01\)|it had been ended)$/m,
    );
    assert.ok(r.stderr.includes(host), `names ${host}: ${r.stderr}`);
    assert.match(r.stderr, /^Try: /m);
    assert.ok(!r.stderr.includes('    at '), `no stack trace: ${r.stderr}`);
    assert.equal(r.stderr.match(/^Error: /gm)?.length, 1, r.stderr);
  }

  it('file register: exit 69 naming the host, its batch rolled back', async () => {
    const place = await auditPlace(db, 'cut');
    mkdirSync(join(place.root, 'big'));
    for (let i = 0; i < 20; i++) writeFileSync(join(place.root, 'big', `${i}.dat`), `file ${i}`);
    const executions = async () =>
      (await holder.query(`select count(*)::int as n from executed_obs_unit`)).rows[0].n as number;
    const before = await executions();
    // Registrations at a location take turns on an advisory lock: holding it keeps the command's
    // transaction waiting on a pooled connection, which is then ended.
    await holder.query('select pg_advisory_lock(7313, $1)', [place.id]);
    try {
      const run = runCommand(
        ['file', 'register', '--location', place.key, '--obs-unit', 'audit-ou', '--module', 'CHAI/LFA', 'big'],
        { url: db.url, env },
      );
      await holder.query('select pg_terminate_backend($1)', [await backend('%pg_advisory_xact_lock%', 'active')]);
      lost(await run);
    } finally {
      await holder.query('select pg_advisory_unlock(7313, $1)', [place.id]);
    }
    const written = await holder.query(`select 1 from raw_data_file where relative_path like 'big/%'`);
    assert.equal(written.rowCount, 0);
    assert.equal(await executions(), before);
  });

  it('staging wait: exit 69 (not 1, "none completed"), one line naming the host', async () => {
    const staged = await runCommand(['staging', 'request', '--to', 'ramses/processing', 'P1', '--yes', '--json'], {
      url: db.url,
    });
    assert.equal(staged.status, 0, staged.stderr);
    const run = runCommand(['staging', 'wait', String(staged.json().job), '--interval', '1s', '--timeout', '20s'], {
      url: db.url,
      env,
    });
    // Ended between two looks, while its connection is idle.
    await holder.query('select pg_terminate_backend($1)', [await backend('%', 'idle')]);
    lost(await run);
  });
});
