import { ReadCommand } from '../../src/read-command.js';
import { outputFlags } from '../../src/output/list-flags.js';
import type { Column } from '../../src/output/columns.js';
import { schemaStatus, type SchemaStatus, type MigrationRow } from '../../src/services/migrations.js';

const COLUMNS: Column<MigrationRow>[] = [
  { key: 'name', essential: true },
  { key: 'state', essential: true },
  {
    key: 'executedAt',
    unit: 'UTC',
    // When, not how long ago: migrations are matched against deployments and logs by their time.
    format: (v) => (v instanceof Date ? v.toISOString().slice(0, 19).replace('T', ' ') : ''),
  },
];

export default class DbStatus extends ReadCommand<typeof DbStatus> {
  static override summary = 'List applied and pending migrations and whether the schema matches the entities.';
  static override description = 'Exits 3 when migrations are pending or the schema differs from the entities.';
  static override examples = [
    '<%= config.bin %> db status',
    '<%= config.bin %> db status --json',
    '<%= config.bin %> db status --output csv --columns name,state',
  ];
  static override flags = { ...outputFlags };

  async run(): Promise<SchemaStatus> {
    const status = await schemaStatus((await this.database()).orm);
    this.renderRows(status.migrations, COLUMNS, this.flags.output, this.flags.columns?.split(','));
    if (status.pending.length) {
      this.problems(`${status.pending.length} migration(s) pending`, [
        `apply them with \`${this.config.bin} db migrate\``,
      ]);
    } else if (!status.inSync) {
      this.problems(`the schema differs from the entities in ${status.differences.length} statement(s)`, [
        `see them with \`${this.config.bin} db check\``,
      ]);
    } else {
      this.notice('Schema is up to date and in sync with the entities.');
    }
    return status;
  }
}
