import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { assertNotProduction } from '../../src/services/db-init.js';
import { applyMigrations, pendingMigrationSql, revertMigrations } from '../../src/services/migrations.js';

export interface DbMigrateResult {
  direction: 'up' | 'down';
  dryRun: boolean;
  migrations: string[];
  sql?: { name: string; sql: string[] }[];
}

export default class DbMigrate extends OpsCommand<typeof DbMigrate> {
  static override quickStatements = false; // migrations may run long
  static override summary = 'Apply pending migrations, or revert applied ones with `down`.';
  static override description =
    'Runs under the same advisory lock as `db init`, so concurrent runs take turns. `down` reverts the last ' +
    'migration (or --steps N, or --to NAME) and is refused in the production environment.';
  static override examples = [
    '<%= config.bin %> db migrate',
    '<%= config.bin %> db migrate --dry-run',
    '<%= config.bin %> db migrate down --yes',
    '<%= config.bin %> db migrate down --steps 2 --yes',
  ];
  static override args = {
    direction: Args.string({ options: ['up', 'down'], default: 'up', description: 'up applies, down reverts' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Print the SQL of the pending migrations instead of running it (up only).' }),
    steps: Flags.integer({ min: 1, summary: 'How many migrations to revert (down only; default 1).' }),
    to: Flags.string({ summary: 'Revert down to this migration, which stays applied (down only).' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation (down).' }),
  };

  async run(): Promise<DbMigrateResult> {
    const { flags } = this;
    const db = await this.database();
    if (this.args.direction === 'down') {
      assertNotProduction(this.connection(), 'db migrate down');
      if (!(await this.confirm('Revert migrations (this drops tables and their data)?', flags.yes))) {
        this.done('Nothing changed.');
        return { direction: 'down', dryRun: false, migrations: [] };
      }
      const reverted = await revertMigrations(db, { steps: flags.steps, to: flags.to });
      this.done(reverted.length ? `Reverted ${reverted.join(', ')}.` : 'No migration to revert.');
      return { direction: 'down', dryRun: false, migrations: reverted };
    }
    if (flags['dry-run']) {
      const sql = await pendingMigrationSql(db.orm);
      for (const m of sql) this.done(`-- ${m.name}\n${m.sql.map((s) => `${s};`).join('\n')}`);
      if (sql.length === 0) this.done('-- no pending migration');
      return { direction: 'up', dryRun: true, migrations: sql.map((m) => m.name), sql };
    }
    const applied = await applyMigrations(db);
    this.done(applied.length ? `Applied ${applied.join(', ')}.` : 'Schema is up to date: no migration to apply.');
    return { direction: 'up', dryRun: false, migrations: applied };
  }
}
