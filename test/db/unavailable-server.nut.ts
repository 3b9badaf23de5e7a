import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { runCliAsync, type CliResult } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { requireRealServer } from '../helpers/test-server.js';

/** A TCP listener on a free loopback port that treats each connection with `onConnection`. */
async function listener(onConnection: Parameters<typeof createServer>[1]): Promise<{ server: Server; host: string }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function unavailable(r: CliResult, host: string, what: string): void {
  assert.equal(r.status, 69, `${what}: ${r.stderr}`);
  assert.ok(r.stderr.includes(host), `${what} names ${host}: ${r.stderr}`);
  assert.match(r.stderr, /^Try: /m, what);
  assert.ok(!r.stderr.includes('    at '), `${what}: no stack trace`);
}

describe('a server that does not answer or drops the connection', function () {
  this.timeout(180_000);
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  // Every way the tool connects: the maintenance connection of `db init`, the ORM and the migration
  // lock (`db migrate`), the bare client of reads and `doctor`. The spawn time-out (60 s) bounds each.
  const commands = [['db', 'init'], ['db', 'migrate'], ['telescope', 'list'], ['doctor']];

  for (const [kind, onConnection] of [
    ['accepts and never answers', () => undefined],
    ['resets every connection', (socket: { resetAndDestroy(): void }) => socket.resetAndDestroy()],
    ['closes every connection', (socket: { destroy(): void }) => socket.destroy()],
  ] as const) {
    it(`exits 69 naming the host with a Try: line when it ${kind}`, async () => {
      const { server, host } = await listener(onConnection);
      servers.push(server);
      const env = { CCAT_OPS_CONNECT_TIMEOUT: '1' };
      const results = await Promise.all(
        commands.map((args) => runCliAsync(args, { url: `postgres://ops@${host}/ops`, env })),
      );
      results.forEach((r, i) => unavailable(r, host, commands[i].join(' ')));
    });
  }
});

describe('time-outs from the environment and timer flags', function () {
  this.timeout(120_000);

  it('refuses a time-out variable that is not a number of seconds, or longer than a timer can wait, before connecting', async () => {
    const server = 'postgres://ops@127.0.0.1:1/ops';
    const cases: [string, string, string[], string | undefined][] = [
      ['CCAT_OPS_CONNECT_TIMEOUT', 'abc', ['telescope', 'list'], server],
      ['CCAT_OPS_CONNECT_TIMEOUT', '3000000', ['doctor'], server],
      ['CCAT_OPS_LOCK_TIMEOUT', '3000000', ['db', 'migrate'], server],
      ['CCAT_OPS_STATEMENT_TIMEOUT', '-1', ['telescope', 'list'], server],
      ['CCAT_OPS_EMBEDDED_LOCK_TIMEOUT', '5m', ['telescope', 'list'], undefined],
      ['CCAT_OPS_EMBEDDED_IDLE', '-5', ['telescope', 'list'], undefined],
    ];
    const results = await Promise.all(
      cases.map(([name, value, args, url]) => runCliAsync(args, { url, env: { [name]: value } })),
    );
    results.forEach((r, i) => {
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^Error: ${cases[i][0]}: '${cases[i][1]}' is not a number of seconds`, 'm'));
      assert.match(r.stderr, /^Try: /m);
    });
  });

  it('refuses timer flags beyond the longest a timer can wait, naming the flag', async () => {
    const url = 'postgres://ops@127.0.0.1:1/ops';
    const runs = await Promise.all([
      runCliAsync(['staging', 'wait', '1', '--interval', '30d'], { url }),
      runCliAsync(['audit', 'copies', '--location', 'a/b', '--budget', '30d'], { url }),
      runCliAsync(['audit', 'copies', '--location', 'a/b', '--stale-after', '30d'], { url }),
    ]);
    for (const [r, flag] of [
      [runs[0], 'interval'],
      [runs[1], 'budget'],
      [runs[2], 'stale-after'],
    ] as const) {
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^Error: --${flag}: '30d' is longer than 24d 20h`, 'm'));
    }
  });

  it('gives up with 69 when the embedded data directory cannot be created (under /proc)', async () => {
    const r = await runCommand(['telescope', 'list'], { env: { XDG_DATA_HOME: '/proc/ccat-ops-nowhere' } });
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /embedded data directory \/proc\/ccat-ops-nowhere\/ccat-ops\/pglite is not writable/);
    assert.match(r.stderr, /^Try: /m);
  });

  it('gives up with 69 when the embedded data directory is a file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ccat-ops-datafile-'));
    mkdirSync(join(home, 'ccat-ops'));
    writeFileSync(join(home, 'ccat-ops', 'pglite'), 'not a database');
    const r = await runCommand(['telescope', 'list'], { env: { XDG_DATA_HOME: home } });
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /embedded data directory .*\/ccat-ops\/pglite is a file, not a directory/);
    assert.equal(readFileSync(join(home, 'ccat-ops', 'pglite'), 'utf8'), 'not a database');
  });
});

describe('a server that times out a statement or drops a session', function () {
  this.timeout(120_000);
  const db = useTestDatabase();

  it('exits 69 naming the host when a read waits longer than CCAT_OPS_STATEMENT_TIMEOUT', async function () {
    await requireRealServer(this);
    const { default: pg } = await import('pg');
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('begin; lock table telescope in access exclusive mode');
      const r = await runCliAsync(['telescope', 'list'], { url: db.url, env: { CCAT_OPS_STATEMENT_TIMEOUT: '1' } });
      assert.equal(r.status, 69, r.stderr);
      assert.match(r.stderr, /did not answer within the statement time-out/);
      assert.ok(r.stderr.includes(new URL(db.url).host), r.stderr);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    const after = await runCommand(['telescope', 'list', '--output', 'csv'], { url: db.url });
    assert.equal(after.status, 0, after.stderr);
  });

  it('exits 69 naming the host when the server ends the session while a command waits', async function () {
    await requireRealServer(this);
    const { default: pg } = await import('pg');
    const { LOCK_KEYS } = await import('../../src/db/advisory-lock.js');
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      // Hold the migration lock, so `db migrate` waits on it; then end its session as a restart would.
      await holder.query('select pg_advisory_lock($1)', [LOCK_KEYS.migrate]);
      const run = runCliAsync(['db', 'migrate'], { url: db.url });
      let waiting: number | undefined;
      while (waiting === undefined) {
        const { rows } = await holder.query<{ pid: number }>(
          `select pid from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`,
        );
        waiting = rows[0]?.pid;
        if (waiting === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await holder.query('select pg_terminate_backend($1)', [waiting]);
      const r = await run;
      assert.equal(r.status, 69, r.stderr);
      assert.match(r.stderr, /lost the connection to PostgreSQL at /);
      assert.ok(r.stderr.includes(new URL(db.url).host), r.stderr);
      assert.match(r.stderr, /^Try: /m);
    } finally {
      await holder.end();
    }
  });
});
