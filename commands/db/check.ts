import { quietFlag } from '../../src/output/quiet-flag.js';
import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import {
  checkData,
  validateRules,
  type RuleReport,
  type RuleViolation,
  type ValidationOutcome,
} from '../../src/db/data-check.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { schemaDrift } from '../../src/services/migrations.js';
import { INT4_MAX } from '../../src/validation/ranges.js';

export interface DbCheckResult {
  inSync: boolean;
  /** The SQL that would make the database match the entities. */
  differences: string[];
}

export interface DbDataCheckResult {
  /** Existing rows breaking some rule, over every rule. */
  violations: number;
  rules: RuleReport[];
  /** With --validate: the rules whose old rows PostgreSQL now checks, and those still broken. */
  validated?: ValidationOutcome[];
}

const VIOLATION_COLUMNS: Column<RuleViolation>[] = [
  { key: 'table', essential: true },
  { key: 'key', essential: true },
  { key: 'rule', essential: true },
  { key: 'problem', text: true },
  { key: 'fix', text: true, drop: 2 },
];

export default class DbCheck extends OpsCommand<typeof DbCheck> {
  static override summary = 'Compare schema and entities, or (--data) list rows that break a lifecycle rule.';
  static override description = `Without --data: exit 3 and print the SQL that would reconcile the schema when it differs from the entities.

With --data: every rule of the lifecycle PostgreSQL enforces (constraints and triggers) is checked against the rows already stored, which may predate the rule (another service wrote them). Each row breaking a rule is listed with the table, the row, the rule and what to fix; exit 3 when there are any. New writes are refused by the rules at once; the rows written before are listed here so they can be repaired. Once they are, --validate makes PostgreSQL check the old rows too (it validates the constraints that are now clean and rebuilds the indexes), so the rule then holds for every row.`;
  static override examples = [
    '<%= config.bin %> db check',
    { description: 'Rows that break a lifecycle rule', command: '<%= config.bin %> db check --data' },
    {
      description: 'After repairing them: make PostgreSQL check old rows too',
      command: '<%= config.bin %> db check --data --validate',
    },
    {
      description: 'Every violation, for a script',
      command: '<%= config.bin %> db check --data --limit 100000 --output csv',
    },
  ];
  static override flags = {
    ...quietFlag,
    data: Flags.boolean({ summary: 'Check the stored rows against the lifecycle rules instead of the schema.' }),
    validate: Flags.boolean({
      summary: 'With --data: let PostgreSQL check old rows too for every rule no row breaks any more.',
      dependsOn: ['data'],
    }),
    limit: Flags.integer({
      summary: 'With --data: list at most this many rows per rule (all are counted; default 100).',
      min: 1,
      max: INT4_MAX,
      dependsOn: ['data'],
    }),
    ...outputFlags,
  };
  // Counting violations and validating constraints reads whole tables.
  static override quickStatements = false;

  async run(): Promise<DbCheckResult | DbDataCheckResult> {
    return this.flags.data ? this.checkData() : this.checkSchema();
  }

  private async checkSchema(): Promise<DbCheckResult> {
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

  private async checkData(): Promise<DbDataCheckResult> {
    const { flags } = this;
    const db = await this.client();
    const validated = flags.validate ? await validateRules(db) : undefined;
    const rules = await checkData(db, flags.limit ?? 100);
    const violations = rules.reduce((n, r) => n + r.violations, 0);
    const broken = rules.filter((r) => r.violations > 0);
    const listed = broken.flatMap((r) => r.rows);
    if (listed.length || flags.output !== 'table')
      this.renderRows(listed, VIOLATION_COLUMNS, flags.output, flags.columns?.split(','));
    for (const r of broken) {
      if (r.violations > r.rows.length) {
        this.notice(`${r.rule}: ${r.rows.length} of ${r.violations} rows listed (--limit)`);
      }
    }
    for (const v of validated ?? []) {
      if (v.outcome === 'validated') this.notice(`${v.rule}: old rows are now checked by PostgreSQL too`);
    }
    const unchecked = rules.filter((r) => r.oldRowsChecked === false && r.violations === 0);
    if (violations > 0) {
      this.problems(`${violations} existing row(s) break ${broken.length} of ${rules.length} lifecycle rule(s)`, [
        'repair them as the Fix column says',
        `then run \`${this.config.bin} db check --data --validate\``,
      ]);
    } else if (unchecked.length) {
      this.done(
        `No row breaks a lifecycle rule; ${unchecked.length} rule(s) still check new writes only: ${unchecked.map((r) => r.rule).join(', ')}.`,
      );
      this.notice(`Try: \`${this.config.bin} db check --data --validate\` to have PostgreSQL check old rows too`);
    } else {
      this.done(`No row breaks any of the ${rules.length} lifecycle rule(s).`);
    }
    return { violations, rules, validated };
  }
}
