import { OpsCommand } from '../../src/base-command.js';
import { schemaDrift } from '../../src/services/migrations.js';

export interface DbCheckResult {
  inSync: boolean;
  /** The SQL that would make the database match the entities. */
  differences: string[];
}

export default class DbCheck extends OpsCommand<typeof DbCheck> {
  static override summary = 'Compare the database with the entities; exit 3 and list the differences if they differ.';
  static override examples = ['<%= config.bin %> db check', '<%= config.bin %> db check --json'];

  async run(): Promise<DbCheckResult> {
    const { orm } = await this.database();
    const differences = await schemaDrift(orm);
    if (differences.length) {
      this.done(differences.map((s) => `${s};`).join('\n'));
      this.problems(
        `the database differs from the entities (${differences.length} statement(s) above would reconcile it)`,
        [`apply pending migrations with \`${this.config.bin} db migrate\`, or add a migration for the change`],
      );
    } else {
      this.done('The database matches the entities.');
    }
    return { inSync: differences.length === 0, differences };
  }
}
