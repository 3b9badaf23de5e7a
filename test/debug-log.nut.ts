import assert from 'node:assert/strict';
import { runCli } from './helpers/run-cli.js';

/**
 * `DEBUG=*` turns on oclif's debug logger, which prints the command line and what oclif makes of it:
 * a password given there (or in the password variables) must come out masked like everywhere else.
 * Only the real process shows it (the logger is installed by the CLI's entry, `bin/run.js`).
 */
describe('DEBUG=* (the debug logger)', function () {
  this.timeout(120_000);

  it('masks a --database-url password and the password variables in every debug line', () => {
    const nowhere = 'postgres://u:S3cretPW@127.0.0.1:1/d';
    const env = {
      DEBUG: '*',
      PGPASSWORD: 'EnvPw-42x',
      CCAT_OPS_READ_DATABASE_URL: 'postgres://r:ReadPw77@127.0.0.1:1/d',
    };
    for (const args of [
      ['transfer', 'list', '--database-url', nowhere],
      ['transfer', 'list', `--database-url=${nowhere}`, '--json'],
      ['transfer', 'list', '--database-url', nowhere, 'stray', 'password=S3cretPW'],
    ]) {
      const r = runCli(args, { env });
      assert.notEqual(r.status, 0, r.stderr);
      assert.match(r.stderr, /oclif:config runCommand transfer:list/, 'the debug logger was on'); // it did log argv
      assert.match(r.stderr, /postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/d/);
      for (const secret of ['S3cretPW', 'EnvPw-42x', 'ReadPw77']) {
        assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), `${secret} shown by ${args.join(' ')}:\n${r.stderr}`);
      }
    }
  });
});
