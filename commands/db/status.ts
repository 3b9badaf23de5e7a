import { OpsCommand } from '../../src/base-command.js';
import { migrationState, schemaDrift, type MigrationState } from '../../src/services/migrations.js';

export interface DbStatusResult extends MigrationState {
  inSync: boolean;
  differences: number;
}

export default class DbStatus extends OpsCommand<typeof DbStatus> {
  static override summary = 'List applied and pending migrations and whether the schema matches the entities.';
  static override description = 'Exits 3 when migrations are pending or the schema differs from the entities.';
  static override examples = ['<%= config.bin %> db status', '<%= config.bin %> db status --json'];

  async run(): Promise<DbStatusResult> {
    const { orm } = await this.database();
    const state = await migrationState(orm);
    const drift = state.pending.length ? [] : await schemaDrift(orm);
    const result = { ...state, inSync: state.pending.length === 0 && drift.length === 0, differences: drift.length };
    for (const m of state.applied) this.done(`applied  ${m.name}  ${m.executedAt?.toISOString() ?? ''}`);
    for (const name of state.pending) this.done(`pending  ${name}`);
    if (state.pending.length) {
      this.problems(`${state.pending.length} migration(s) pending`, [
        `apply them with \`${this.config.bin} db migrate\``,
      ]);
    } else if (drift.length) {
      this.problems(`the schema differs from the entities in ${drift.length} statement(s)`, [
        `see them with \`${this.config.bin} db check\``,
      ]);
    } else {
      this.done('Schema is in sync with the entities.');
    }
    return result;
  }
}
