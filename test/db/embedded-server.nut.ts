import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { startTime } from '../../src/db/embedded-lock.js';
import { embeddedFiles, readState } from '../../src/db/embedded-server-files.js';
import { ownBackgroundServers } from '../helpers/background-servers.js';
import { BIN, isolatedEnv, runCli, runCliAsync } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (at most `ms`) until `done` holds; whether it does is for the test to assert. */
async function until(done: () => boolean, ms = 60_000): Promise<void> {
  for (const deadline = Date.now() + ms; !done() && Date.now() < deadline;) await sleep(50);
}

/** Holds a lock directory as another ccat-ops process would (proper-lockfile), naming `pid` as holder. */
async function holdLock(path: string, pid = process.pid): Promise<() => Promise<void>> {
  const release = await lockfile.lock(path.replace(/\.lock$/, ''), { lockfilePath: path, realpath: false });
  writeFileSync(join(path, 'holder'), JSON.stringify({ host: hostname(), pid }));
  return async () => {
    rmSync(join(path, 'holder'), { force: true });
    await release();
  };
}

/** A lock as a process would have left it: its directory naming `holder`, last refreshed `ageMs` ago. */
function fakeLock(path: string, holder: { pid: number; started: number }, ageMs = 0): void {
  mkdirSync(path);
  writeFileSync(join(path, 'holder'), JSON.stringify({ host: hostname(), ...holder }));
  const then = new Date(Date.now() - ageMs);
  utimesSync(path, then, then);
}

describe('the embedded default: its background server', function () {
  this.timeout(240_000);
  const data = mkdtempSync(join(tmpdir(), 'ccat-ops-embedded-'));
  const files = embeddedFiles(join(data, 'ccat-ops', 'pglite'));
  const env = { XDG_DATA_HOME: data };
  const serverPid = () => readState(files)?.pid;

  it('lets two commands started together both succeed, one after the other, on one server', async () => {
    const [a, b] = await Promise.all([
      runCliAsync(['db', 'init', '--json'], { env, timeoutMs: 200_000 }),
      runCliAsync(['db', 'init', '--json'], { env, timeoutMs: 200_000 }),
    ]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    const applied = [a.json(), b.json()].map((r) => r.migrationsApplied.length).sort();
    assert.equal(applied[0], 0, 'the second found nothing left to migrate');
    assert.ok(applied[1] >= 1);
    const pid = serverPid();
    assert.ok(pid && alive(pid), 'a background server runs after them');
    assert.deepEqual(ownBackgroundServers(files.dataDir), [pid], 'one server, started by the first command');

    const after = await runCommand(['db', 'status', '--json'], { env });
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual(after.json().pending, []);
    assert.equal(serverPid(), pid, 'the next command used the same server');
  });

  it('returns at once while the server lives on: the server has none of its output streams', async () => {
    const pid = serverPid()!;
    // runCliAsync resolves when the command's stdout and stderr are closed: a server holding them
    // would keep this waiting until it exits (minutes later).
    const r = await runCliAsync(['telescope', 'list', '--output', 'csv'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FYST,/m);
    assert.ok(alive(pid), 'the server still runs');
    assert.equal(readlinkSync(`/proc/${pid}/fd/1`), files.log);
    assert.equal(readlinkSync(`/proc/${pid}/fd/2`), files.log);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    assert.equal(Number(stat[2]), pid, 'it leads its own process group');
    assert.equal(Number(stat[3]), pid, 'and its own session (no terminal)');
  });

  it('serves only its user: the socket 0600 in a directory 0700', () => {
    assert.equal(statSync(files.runDir).mode & 0o777, 0o700);
    assert.ok(statSync(files.socket).isSocket());
    assert.equal(statSync(files.socket).mode & 0o777, 0o600);
    assert.equal(statSync(files.log).mode & 0o777, 0o600);
  });

  it('starts each command with a fresh session, as a server does each connection', () => {
    const set = runCli(
      ['db', 'shell', '--', '-At', '-c', "set statement_timeout = '1234'", '-c', 'show statement_timeout'],
      {
        env,
      },
    );
    assert.equal(set.status, 0, set.stderr);
    assert.equal(set.stdout, 'SET\n1234ms\n');
    const next = runCli(['db', 'shell', '--', '-At', '-c', 'show statement_timeout'], { env });
    assert.equal(next.status, 0, next.stderr);
    assert.equal(next.stdout, '0\n');
  });

  it('makes a command wait for a live command using the database, and exits 75 past the wait', async () => {
    const release = await holdLock(files.sessionLock);
    try {
      const r = await runCommand(['doctor'], { env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1' } });
      assert.equal(r.status, 75, r.stderr);
      assert.match(r.stderr, /is in use by another ccat-ops command/);
    } finally {
      await release();
    }
  });

  it('takes over at once the lock of a command that was killed', async () => {
    const holder = join(files.sessionLock, 'holder');
    const child = spawn(process.execPath, [BIN, 'db', 'init'], { env: isolatedEnv({ env }), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (!existsSync(holder) && child.exitCode === null) await sleep(20);
    assert.ok(existsSync(holder), 'the command held the lock');
    child.kill('SIGKILL');
    await exited;
    assert.ok(existsSync(holder), 'the killed command left its lock behind');
    // Far shorter than the age at which a lock is stale (a minute): only a dead holder lets it in.
    const r = await runCommand(['telescope', 'list', '--output', 'csv'], {
      env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '2' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FYST,/m);
    assert.ok(!existsSync(files.sessionLock), 'the lock is released afterwards');
  });

  it('takes over at once a lock whose holder pid now belongs to another process', async () => {
    // The pid is alive (this process), but it started later than the holder did: reused.
    fakeLock(files.sessionLock, { pid: process.pid, started: startTime(process.pid)! - 1 });
    const r = await runCommand(['telescope', 'list', '--output', 'csv'], {
      env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '2' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FYST,/m);
    assert.ok(!existsSync(files.sessionLock));
  });

  it('keeps waiting for a live holder on this host however long ago it refreshed its lock', async () => {
    // A long query in PGlite blocks its holder's refresh: its lock must not go to anyone else.
    fakeLock(files.sessionLock, { pid: process.pid, started: startTime(process.pid)! }, 10 * 60_000);
    try {
      const r = await runCommand(['doctor'], { env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1' } });
      assert.equal(r.status, 75, r.stderr);
      assert.match(r.stderr, /is in use by another ccat-ops command/);
    } finally {
      rmSync(files.sessionLock, { recursive: true, force: true });
    }
  });

  it('replaces a server that was killed: the next command starts another on the same socket', async () => {
    const killed = serverPid()!;
    process.kill(killed, 'SIGKILL');
    await until(() => !alive(killed));
    assert.ok(existsSync(files.socket), 'the killed server left its socket');
    const r = await runCommand(['telescope', 'list', '--output', 'csv'], {
      env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '2' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FYST,/m);
    const pid = serverPid();
    assert.ok(pid && pid !== killed && alive(pid), 'a new server runs');
    assert.equal(JSON.parse(readFileSync(join(files.dataLock, 'holder'), 'utf8')).pid, pid, 'and holds the data');
  });

  it('db stop waits for the command using the database, and exits 75 past the wait, leaving the server', async () => {
    const pid = serverPid()!;
    const release = await holdLock(files.sessionLock);
    try {
      const r = await runCommand(['db', 'stop'], { env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1' } });
      assert.equal(r.status, 75, r.stderr);
      assert.match(r.stderr, /is in use by another ccat-ops command/);
      assert.ok(alive(pid), 'the server still runs');
    } finally {
      await release();
    }
  });

  it('db stop stops it cleanly (socket, state and lock gone); then there is nothing to stop', async () => {
    const pid = serverPid()!;
    const r = await runCommand(['db', 'stop'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `Stopped the embedded database's server (pid ${pid}).\n`);
    assert.ok(!alive(pid));
    for (const path of [files.socket, files.state, files.dataLock]) assert.ok(!existsSync(path), `${path} is gone`);
    assert.match(readFileSync(files.log, 'utf8'), /stopping \(SIGTERM\)\n.*stopped\n$/);

    const again = await runCommand(['db', 'stop', '--json'], { env });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(again.json(), { stopped: null });

    const configured = await runCommand(['db', 'stop'], { url: 'postgres://ops:secret@127.0.0.1:1/ops', env });
    assert.equal(configured.status, 0, configured.stderr);
    assert.equal(
      configured.stdout,
      'Nothing to stop: the database is postgres://ops:***@127.0.0.1:1/ops, not the embedded default.\n',
    );
  });

  it('exits 75 when another process has the database open past the wait, and leaves no server', async () => {
    const release = await holdLock(files.dataLock);
    try {
      for (const idle of ['300', '0']) {
        const r = await runCommand(['doctor'], {
          env: { ...env, CCAT_OPS_EMBEDDED_LOCK_TIMEOUT: '1', CCAT_OPS_EMBEDDED_IDLE: idle },
        });
        assert.equal(r.status, 75, `CCAT_OPS_EMBEDDED_IDLE=${idle}: ${r.stderr}`);
        assert.match(r.stderr, /is in use by another ccat-ops command/);
        await until(() => ownBackgroundServers(files.dataDir).length === 0, 10_000);
        assert.deepEqual(ownBackgroundServers(files.dataDir), []);
        assert.ok(!existsSync(files.sessionLock));
      }
    } finally {
      await release();
    }
  });

  it('with CCAT_OPS_EMBEDDED_IDLE=0, opens PGlite in the command itself and leaves nothing running', async () => {
    const r = await runCommand(['doctor', '--json'], { env: { ...env, CCAT_OPS_EMBEDDED_IDLE: '0' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().embeddedServer.mode, 'in-process');
    assert.deepEqual(ownBackgroundServers(files.dataDir), []);
    for (const path of [files.state, files.dataLock, files.sessionLock])
      assert.ok(!existsSync(path), `${path} is gone`);
  });

  it('exits by itself after the idle time, removing its socket, state and lock', async () => {
    const r = await runCommand(['doctor', '--json'], { env: { ...env, CCAT_OPS_EMBEDDED_IDLE: '1' } });
    assert.equal(r.status, 0, r.stderr);
    const server = r.json().embeddedServer;
    assert.equal(server.mode, 'background');
    assert.equal(server.idleSeconds, 1);
    assert.equal(server.socket, files.socket);
    await until(() => !alive(server.pid));
    assert.ok(!alive(server.pid), 'it exited');
    for (const path of [files.socket, files.state, files.dataLock, files.sessionLock]) {
      assert.ok(!existsSync(path), `${path} is gone`);
    }
    assert.match(readFileSync(files.log, 'utf8'), /stopping \(idle\)\n.*stopped\n$/);
  });
});

describe('the embedded default: a server that cannot start', function () {
  this.timeout(120_000);

  it("gives the server's reason as the command's, exit 69, logged, with no server left", async () => {
    const data = mkdtempSync(join(tmpdir(), 'ccat-ops-embedded-bad-'));
    const files = embeddedFiles(join(data, 'ccat-ops', 'pglite'));
    mkdirSync(files.dataDir, { recursive: true });
    writeFileSync(join(files.dataDir, 'PG_VERSION'), '99\n'); // not a database PGlite can open
    const r = await runCommand(['telescope', 'list'], { env: { XDG_DATA_HOME: data } });
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /^Error: the embedded database at .*\/pglite could not be opened: /m);
    assert.match(r.stderr, /^Try: check that the data directory is a PGlite database/m);
    assert.match(readFileSync(files.log, 'utf8'), /could not start: the embedded database at .* could not be opened/);
    await until(() => ownBackgroundServers(files.dataDir).length === 0, 10_000);
    assert.deepEqual(ownBackgroundServers(files.dataDir), []);
    for (const path of [files.state, files.dataLock, files.sessionLock])
      assert.ok(!existsSync(path), `${path} is gone`);
  });
});

describe('the embedded server files', () => {
  it('put a socket whose path would be too long under the temporary directory, private to the user', () => {
    const deep = join(tmpdir(), 'x'.repeat(90), 'ccat-ops', 'pglite');
    const f = embeddedFiles(deep);
    assert.ok(f.socket.startsWith(join(tmpdir(), `ccat-ops-${process.getuid!()}`)), f.socket);
    assert.ok(Buffer.byteLength(f.socket) <= 100);
    assert.equal(f.log, `${deep}.server.log`, 'the log stays beside the data');
    assert.notEqual(embeddedFiles(`${deep}2`).socket, f.socket, 'another data directory, another socket');
  });
});
