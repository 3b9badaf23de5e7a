import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/** A directory holding a `psql` that records its arguments and the names of its PG* variables. */
function fakePsql(): { dir: string; record: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-fake-psql-'));
  const record = join(dir, 'record.txt');
  writeFileSync(
    join(dir, 'psql'),
    `#!/bin/sh
for a in "$@"; do echo "arg $a"; done > '${record}'
env | sed -n 's/^\\(PG[A-Z]*\\)=.*/env \\1/p' | sort >> '${record}'
[ "$PGPASSWORD" = 'hunter2:x' ] && echo 'password hunter2:x' >> '${record}'
[ "$PGSSLPASSWORD" = 'keypw' ] && echo 'sslpassword keypw' >> '${record}'
exit 7
`,
  );
  chmodSync(join(dir, 'psql'), 0o755);
  return { dir, record };
}

describe('ccat-ops db shell', function () {
  this.timeout(400_000);
  const db = useTestDatabase();

  it('runs psql on the server non-interactively: arguments after --, stdin, and psql exit code passed through', async () => {
    await db.query(`insert into observing_program (short_name, name) values ('SH', 'Shell test')`);
    const cli = (args: string[], input?: string) => runCli(['db', 'shell', ...args], { url: db.url, input });
    const r = cli([
      '--',
      '-At',
      '-c',
      'select 1 + 1',
      '-c',
      `select name from observing_program where short_name = 'SH'`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '2\nShell test\n');

    const piped = cli(['--', '-At'], 'select 40 + 2;\n');
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(piped.stdout, '42\n');

    const failed = cli(['--', '-At', '-v', 'ON_ERROR_STOP=1'], 'select 1;\nselect nope;\nselect 3;\n');
    assert.equal(failed.status, 3, "psql's own exit code for a script stopped by an error");
    assert.equal(failed.stdout, '1\n');
    assert.match(failed.stderr, /column "nope" does not exist/);

    const misplaced = cli(['-c']);
    assert.equal(misplaced.status, 2);
  });

  it('never puts the password on the command line: psql gets it in PGPASSWORD', async () => {
    const { dir, record } = fakePsql();
    const r = await runCommand(['db', 'shell', '--', '-c', 'select 1'], {
      url: 'postgres://ops:hunter2%3Ax@127.0.0.1:1/opsdb?sslmode=require&sslpassword=keypw',
      env: { PATH: `${dir}${delimiter}${process.env.PATH}` },
    });
    assert.equal(r.status, 7, `psql's exit code: ${r.stderr}`);
    const seen = readFileSync(record, 'utf8');
    const args = seen.split('\n').filter((l) => l.startsWith('arg '));
    assert.deepEqual(args, ['arg postgres://ops@127.0.0.1:1/opsdb?sslmode=require', 'arg -c', 'arg select 1']);
    assert.doesNotMatch(args.join('\n'), /hunter2|keypw/);
    assert.match(seen, /^env PGPASSWORD$/m);
    assert.match(seen, /^password hunter2:x$/m);
    assert.match(seen, /^sslpassword keypw$/m);
  });

  it('says how to install psql when it is not on PATH (exit 69), without opening the database', async () => {
    const r = await runCommand(['db', 'shell'], { env: { PATH: '/nonexistent' } });
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /^Error: psql \(the PostgreSQL client\) is not on PATH$/m);
    assert.match(r.stderr, /Try: install the PostgreSQL client: `apt-get install postgresql-client`/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('serves the embedded default to psql for the session', () => {
    const data = mkdtempSync(join(tmpdir(), 'ccat-ops-shell-embedded-'));
    const r = runCli(['db', 'shell', '--', '-At', '-v', 'ON_ERROR_STOP=1'], {
      env: { XDG_DATA_HOME: data },
      input: 'select 6 * 7;\nselect version();\nselect nope;\n',
      timeoutMs: 360_000,
    });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /using the embedded PGlite at /);
    const [answer, version] = r.stdout.split('\n');
    assert.equal(answer, '42');
    assert.match(version, /PGlite/);
    assert.match(r.stderr, /column "nope" does not exist/);
  });
});
