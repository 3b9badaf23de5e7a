import { quietFlag } from '../../src/output/quiet-flag.js';
import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { databaseName, describeTarget } from '../../src/config/connection.js';
import { assertNotProduction, initDatabase, type InitResult } from '../../src/services/db-init.js';
import { describeSeed } from '../../src/seed/seed-database.js';

export default class DbInit extends OpsCommand<typeof DbInit> {
  static override quickStatements = false; // migrations may run long
  static override summary = 'Create the database if needed, apply every migration and seed reference data.';
  static override description =
    'Safe to run any number of times, also concurrently: migrations run under a PostgreSQL advisory lock and the ' +
    'seed only adds what is missing. With nothing configured it sets up the embedded PGlite database.';
  static override examples = [
    '<%= config.bin %> db init',
    '<%= config.bin %> db init --database-url postgres://ops@db.example.org/ccat_ops',
    '<%= config.bin %> db init --seed-dir ./my-site-seed',
    '<%= config.bin %> db init --no-seed --json',
    '<%= config.bin %> db init --drop --yes   # rebuild from empty (refused in production)',
  ];
  static override flags = {
    ...quietFlag,
    seed: Flags.boolean({ allowNo: true, default: true, summary: 'Seed the reference data (--no-seed skips it).' }),
    'seed-dir': Flags.directory({
      exists: true,
      summary: 'Seed from the YAML files in this directory instead of the bundled data/.',
    }),
    drop: Flags.boolean({ summary: "Drop the ops-db's own tables and functions first and rebuild them from empty." }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<InitResult> {
    const { flags } = this;
    const target = this.connection();
    const name = target.kind === 'server' ? databaseName(target.url) : 'embedded';
    if (flags.drop) assertNotProduction(target, 'db init --drop'); // before asking, not after
    if (
      flags.drop &&
      !(await this.confirmTyped(
        `This drops every ops-db table, with its data, in ${describeTarget(target)}.`,
        name,
        flags.yes,
      ))
    ) {
      this.done('Nothing changed.');
      return { databaseCreated: false, dropped: false, migrationsApplied: [], seed: null, unchanged: true };
    }
    const result = await initDatabase(target, () => this.database(), {
      drop: flags.drop,
      seed: flags.seed,
      seedDir: flags['seed-dir'],
    });
    if (result.databaseCreated) this.done(`Created the database ${describeTarget(target)}.`);
    if (result.dropped) this.done('Dropped every ops-db table.');
    this.done(
      result.migrationsApplied.length
        ? `Applied ${result.migrationsApplied.length} migration(s): ${result.migrationsApplied.join(', ')}.`
        : 'Schema is up to date: no migration to apply.',
    );
    if (result.seed) this.done(describeSeed(result.seed));
    if (result.unchanged) this.done('Nothing changed.');
    return result;
  }
}
