import { OpsCommand } from '../../src/base-command.js';
import { UsageError } from '../../src/errors.js';
import { describeTarget } from '../../src/config/connection.js';
import { runSqlShell } from '../../src/db/sql-shell.js';

export default class DbShell extends OpsCommand<typeof DbShell> {
  static override summary = 'Open psql on the configured database (on the embedded default too).';
  static override description = `Arguments after -- go to psql as they are, so it runs non-interactively too. The password is handed to psql in its environment (PGPASSWORD), never on its command line. On the embedded default psql connects to its background server (started if need be) and other commands wait until psql ends. The exit code is psql's. Needs psql (the PostgreSQL client) on PATH; without it, exit 69 says how to install it.`;
  static override enableJsonFlag = false;
  static override strict = false;
  static override examples = [
    { description: 'An interactive SQL session', command: '<%= config.bin %> db shell' },
    {
      description: 'One query, for a script',
      command: `<%= config.bin %> db shell -- -At -c "select count(*) from executed_obs_unit where status = 'running'"`,
    },
    { description: 'Run a file of SQL', command: '<%= config.bin %> db shell -- -v ON_ERROR_STOP=1 -f fix.sql' },
  ];

  async run(): Promise<void> {
    // Taken from the raw arguments: the parser would reorder them (`-c A -c B` → `-c -c A B`).
    const dashes = this.argv.indexOf('--');
    const psqlArgs = dashes < 0 ? [] : this.argv.slice(dashes + 1);
    if (dashes < 0 && this.positionals.length) {
      throw new UsageError(`'${this.positionals[0]}' is not an argument of db shell; put psql's arguments after --`, [
        `${this.config.bin} db shell -- ${this.positionals.join(' ')}`,
      ]);
    }
    const target = this.connection();
    if (target.kind === 'embedded') this.notice(`using the ${describeTarget(target)} (no database configured)`);
    process.exitCode = await runSqlShell(target, psqlArgs);
  }
}
