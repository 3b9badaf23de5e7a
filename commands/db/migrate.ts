import { quietFlag } from '../../src/output/quiet-flag.js';
import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { UsageError } from '../../src/errors.js';
import { assertNotProduction } from '../../src/services/db-init.js';
import {
  applyMigrations,
  pendingMigrationSql,
  planRevert,
  revertMigrations,
  type RevertStep,
} from '../../src/services/migrations.js';

export interface DbMigrateResult {
  direction: 'up' | 'down';
  dryRun: boolean;
  migrations: string[];
  sql?: { name: string; sql: string[] }[];
  /** `down`: what each reverted migration drops (tables and `table.column`s). */
  drops?: Record<string, string[]>;
}

export default class DbMigrate extends OpsCommand<typeof DbMigrate> {
  static override quickStatements = false; // migrations may run long
  static override summary = 'Apply pending migrations, or revert applied ones with `down`.';
  static override description =
    'Runs under the same advisory lock as `db init`, so concurrent runs take turns. `down` reverts the last ' +
    'migration (or the last --steps N, or every one after --to NAME), shows what that drops and asks first; ' +
    'it is refused in the production environment.';
  static override examples = [
    '<%= config.bin %> db migrate',
    '<%= config.bin %> db migrate --dry-run',
    '<%= config.bin %> db migrate down --dry-run',
    '<%= config.bin %> db migrate down --yes',
    '<%= config.bin %> db migrate down --steps 2 --yes',
    '<%= config.bin %> db migrate down --to Migration20261125115124_initial --yes',
  ];
  static override args = {
    direction: Args.string({ options: ['up', 'down'], default: 'up', description: 'up applies, down reverts' }),
  };
  static override flags = {
    ...quietFlag,
    'dry-run': Flags.boolean({ summary: 'Print the SQL that would run (up or down) instead of running it.' }),
    steps: Flags.integer({
      min: 1,
      max: 10_000,
      exclusive: ['to'],
      summary: 'How many migrations to revert (down only; default 1).',
    }),
    to: Flags.string({
      summary: 'Revert every migration applied after this one, which stays applied (down only).',
    }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation (only down asks).' }),
  };

  async run(): Promise<DbMigrateResult> {
    if (this.args.direction === 'down') return this.down();
    const { flags } = this;
    const downOnly = (['steps', 'to'] as const).find((f) => flags[f] !== undefined);
    if (downOnly) {
      throw new UsageError(
        `--${downOnly} is for \`db migrate down\`; \`db migrate up\` applies every pending migration`,
        [`leave out --${downOnly}, or revert with \`ccat-ops db migrate down --${downOnly} …\``],
      );
    }
    const db = await this.database();
    if (flags['dry-run']) {
      const sql = await pendingMigrationSql(db.orm);
      this.printSql(sql);
      if (sql.length === 0) this.done('-- no pending migration');
      return { direction: 'up', dryRun: true, migrations: sql.map((m) => m.name), sql };
    }
    const applied = await applyMigrations(db);
    this.done(applied.length ? `Applied ${applied.join(', ')}.` : 'Schema is up to date: no migration to apply.');
    return { direction: 'up', dryRun: false, migrations: applied };
  }

  private async down(): Promise<DbMigrateResult> {
    const { flags } = this;
    assertNotProduction(this.connection(), 'db migrate down');
    const db = await this.database();
    const plan = await planRevert(db.orm, { steps: flags.steps, to: flags.to });
    const drops = Object.fromEntries(plan.map((s) => [s.name, s.drops]));
    if (plan.length === 0) {
      this.done('No migration to revert.');
      return { direction: 'down', dryRun: Boolean(flags['dry-run']), migrations: [], drops };
    }
    if (flags['dry-run']) {
      this.printSql(plan);
      return { direction: 'down', dryRun: true, migrations: plan.map((s) => s.name), sql: plan, drops };
    }
    this.describeRevert(plan);
    const what = plan.length === 1 ? 'this migration' : `these ${plan.length} migrations`;
    if (!(await this.confirm(`Revert ${what}, deleting what it drops with its data?`, flags.yes))) {
      this.done('Nothing changed.');
      return { direction: 'down', dryRun: false, migrations: [], drops: {} };
    }
    const reverted = await revertMigrations(
      db,
      plan.map((s) => s.name),
    );
    this.done(`Reverted ${reverted.join(', ')}.`);
    return { direction: 'down', dryRun: false, migrations: reverted, drops };
  }

  /** On stderr, before asking: which migrations go, newest first, and what each drops. */
  private describeRevert(plan: RevertStep[]): void {
    const named = (drops: string[], kind: string) =>
      drops.filter((d) => d.startsWith(`${kind} `)).map((d) => d.slice(kind.length + 1));
    const lines = plan.map((s) => {
      const tables = named(s.drops, 'table');
      const columns = named(s.drops, 'column');
      const parts = [
        tables.length ? `table${tables.length > 1 ? 's' : ''} ${tables.join(', ')}` : '',
        columns.length ? `column${columns.length > 1 ? 's' : ''} ${columns.join(', ')}` : '',
      ].filter(Boolean);
      return `  ${s.name}: ${parts.length ? `drops ${parts.join('; ')}` : 'drops no table or column'}`;
    });
    const count = plan.length === 1 ? '1 migration' : `${plan.length} migrations, newest first`;
    process.stderr.write(`db migrate down reverts ${count}:\n${lines.join('\n')}\n`);
  }

  private printSql(migrations: { name: string; sql: string[] }[]): void {
    for (const m of migrations) this.done(`-- ${m.name}\n${m.sql.map((s) => `${s.replace(/;\s*$/, '')};`).join('\n')}`);
  }
}
