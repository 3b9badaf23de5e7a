import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeTarget } from '../../src/config/connection.js';
import { describeExistingOpsDb } from '../../src/db/existing-ops-db.js';
import type { Column } from '../../src/output/columns.js';
import { quietFlag } from '../../src/output/quiet-flag.js';
import {
  adoptDatabase,
  planAdoption,
  refusal,
  type AdoptionResult,
  type SchemaDifferenceItem,
  type TableComparison,
} from '../../src/services/adopt.js';

interface TableRow extends TableComparison {
  add: number;
  change: number;
  keep: number;
  refuse: number;
}

const TABLE_COLUMNS: Column<TableRow>[] = [
  { key: 'table', essential: true },
  { key: 'state', essential: true },
  { key: 'add', get: (t) => t.add || '' },
  { key: 'change', get: (t) => t.change || '' },
  { key: 'keep', get: (t) => t.keep || '' },
  { key: 'refuse', get: (t) => t.refuse || '' },
];

const REFUSED_COLUMNS: Column<SchemaDifferenceItem>[] = [
  { key: 'table', essential: true },
  { key: 'name', essential: true },
  { key: 'theirs', text: true },
  { key: 'ours', text: true },
  { key: 'reason', text: true },
  { key: 'rows' },
];

export default class DbAdopt extends OpsCommand<typeof DbAdopt> {
  static override quickStatements = false; // the migration may rewrite large tables
  static override summary = 'Take over an ops-db another tool created (the Python package with Alembic).';
  static override description = `Compares the existing schema with ours table by table and column by column (--json prints the full difference). When every difference can be made without losing data (missing tables, columns, indexes, constraints and triggers; wider types; enum types to checked text) it writes that migration, for review with --sql or applied with --yes in one transaction, and then records ccat-ops' migrations as applied, so \`db migrate\` and \`db init\` take it from there.

--json without --yes prints that difference and changes nothing. Nothing of theirs is dropped: tables, columns, types and indexes ccat-ops does not have are kept. A difference that would lose data (a narrower type, NOT NULL over nulls) is listed and refused (exit 1), and nothing changes.`;
  static override examples = [
    '<%= config.bin %> db adopt',
    { description: 'The migration it would run, for review', command: '<%= config.bin %> db adopt --sql > adopt.sql' },
    { description: 'Take the database over', command: '<%= config.bin %> db adopt --yes' },
    {
      description: 'The full difference, table by table and column by column',
      command: '<%= config.bin %> db adopt --json',
    },
  ];
  static override flags = {
    ...quietFlag,
    sql: Flags.boolean({ summary: 'Print the migration it would apply (one transaction) and change nothing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Apply without asking.', exclusive: ['sql'] }),
  };

  async run(): Promise<AdoptionResult> {
    const { flags } = this;
    const db = await this.database();
    const plan = await planAdoption(db.orm);
    if (plan.found.migrationsRecorded > 0) {
      this.done(
        `This ops-db is already managed by ccat-ops (${plan.found.migrationsRecorded} migrations recorded): nothing to adopt.`,
      );
      return { ...plan, applied: false };
    }
    const found = `Found ${describeExistingOpsDb(plan.found)}; ${plan.differences.length} difference(s) from ours.`;
    if (flags.sql) this.notice(found);
    else {
      this.done(found);
      this.renderRows(tableRows(plan.tables, plan.differences), TABLE_COLUMNS);
      const kept = plan.differences.filter((i) => i.action === 'keep' && (i.kind === 'table' || i.kind === 'type'));
      if (kept.length) this.done(`Kept as they are: ${kept.map((i) => `${i.kind} ${i.name}`).join(', ')}.`);
    }
    if (plan.refused.length) {
      if (!flags.sql) this.renderRows(plan.refused, REFUSED_COLUMNS);
      this.refuse(refusal(plan));
      return { ...plan, applied: false };
    }
    // --json without --yes is the review of the full difference: it never asks, and changes nothing.
    if (flags.sql || (this.jsonEnabled() && !flags.yes)) {
      this.done(plan.sql);
      return { ...plan, applied: false };
    }
    const question = `Apply this migration to ${describeTarget(db.target)} and record ${plan.migrations.length} ccat-ops migrations as applied?`;
    if (!(await this.confirm(question, flags.yes))) {
      this.done('Nothing changed.');
      return { ...plan, applied: false };
    }
    const result = await adoptDatabase(db, plan);
    this.done(
      `Took over the ops-db: the schema now matches ours, its rows are kept, and ${result.migrations.length} ccat-ops migrations are recorded as applied.`,
    );
    return result;
  }
}

function tableRows(tables: TableComparison[], items: SchemaDifferenceItem[]): TableRow[] {
  return tables.map((t) => {
    const of = (action: SchemaDifferenceItem['action']) =>
      items.filter((i) => i.table === t.table && i.action === action && !(i.kind === 'table' && t.state !== 'differs'))
        .length;
    return { ...t, add: of('add'), change: of('change'), keep: of('keep'), refuse: of('refuse') };
  });
}
