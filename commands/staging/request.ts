import { userInfo } from 'node:os';
import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { formatBytes } from '../../src/output/bytes.js';
import { timeRangeFlags } from '../../src/output/filter-flags.js';
import { visible } from '../../src/output/visible.js';
import { readRuleFile } from '../../src/staging/filter-rules.js';
import {
  applyStaging,
  checkStagingRequest,
  planStaging,
  type StagingOutcome,
  type StagingPlan,
} from '../../src/staging/staging-request.js';
import { INT4_MAX, INT4_MIN, REASON_MAX } from '../../src/validation/ranges.js';
import { timeRange } from '../../src/views/time-input.js';

export default class StagingRequest extends OpsCommand<typeof StagingRequest> {
  static override summary = 'Ask for archived raw data packages to be staged to a processing location.';
  static override description = `Select packages by name or id, or with --executed, --obs-unit, --program, --module, --since/--until (package creation) and --filter-file (all criteria must hold). Only archived packages with a present copy in an active long-term archive can be staged; the others are listed with the reason. Packages already at the destination, or already in an active staging job for it, are not added again. Shows what it will stage (count, bytes, per archive) and asks for confirmation on a terminal; --yes skips it, --dry-run stops there.

A filter file holds rules {table, column, operator, value, json_path?}, all ANDed, rooted at the raw data package (YAML or JSON, a list or {rules: [...]}). Tables: raw_data_package, executed_obs_unit, obs_unit, observing_program, sub_observing_program, source, obs_mode, instrument_module, instrument, telescope, data_transfer_package. Operators: eq, neq, in, not_in, gt, gte, lt, lte, like. json_path (a PostgreSQL jsonpath) reads inside JSON columns such as raw_data_package.metadata or executed_obs_unit.conditions.`;
  static override strict = false;
  static override examples = [
    '<%= config.bin %> staging request --to ramses/processing --program GEco --since 2026-11-01 --dry-run',
    '<%= config.bin %> staging request --to ramses/processing pkg-0001-LFA pkg-0002-LFA --reason "reprocessing CO43" --yes',
    '<%= config.bin %> staging request --to ramses/processing --filter-file rules.yaml',
  ];
  static override args = { packages: Args.string({ description: 'Raw data package names or ids (several allowed)' }) };
  static override flags = {
    to: Flags.string({ summary: 'The processing location to stage to (SITE/NAME).', required: true }),
    executed: Flags.string({
      summary: 'Packages of this executed obs unit (id or its first 8+ characters; repeatable).',
      multiple: true,
    }),
    'obs-unit': Flags.string({ summary: 'Packages of executions of this obs unit.' }),
    program: Flags.string({ summary: 'Packages of this observing programme.' }),
    module: Flags.string({ summary: 'Packages of this instrument module (NAME or INSTRUMENT/NAME).' }),
    ...timeRangeFlags,
    'filter-file': Flags.string({
      summary: 'A file of selection rules (YAML or JSON; the format is described under DESCRIPTION).',
    }),
    reason: Flags.string({ summary: `Why it is needed (kept with the job; at most ${REASON_MAX} characters).` }),
    priority: Flags.integer({
      summary: 'Priority of the job (higher first).',
      default: 0,
      min: INT4_MIN,
      max: INT4_MAX,
    }),
    'requested-by': Flags.string({ summary: 'Who asks (default: the login name).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be staged and change nothing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<StagingOutcome | undefined> {
    const { flags } = this;
    const selection = {
      packages: this.positionals,
      executed: flags.executed,
      obsUnit: flags['obs-unit'],
      program: flags.program,
      module: flags.module,
      ...timeRange(flags.since, flags.until),
      rules: flags['filter-file'] === undefined ? undefined : readRuleFile(flags['filter-file']),
    };
    const request = checkStagingRequest({
      to: flags.to,
      selection,
      requestedBy: flags['requested-by'] ?? userInfo().username,
      reason: flags.reason,
      priority: flags.priority,
    });
    const db = await this.client();
    const plan = await planStaging(db, request);
    this.preview(plan);
    if (plan.stage.length === 0) {
      this.done('Nothing to stage; nothing changed.');
      return { ...plan, job: null, dryRun: flags['dry-run'] };
    }
    if (flags['dry-run']) {
      this.done('Dry run; nothing changed.');
      return { ...plan, job: null, dryRun: true };
    }
    const question = `Stage ${plan.stage.length} package(s), ${formatBytes(plan.bytes)}, to ${plan.destination}?`;
    if (!(await this.confirm(question, flags.yes))) return this.declined();
    const outcome = await applyStaging(db, plan, request);
    if (outcome.job === null) this.done('Every package is already being staged by another job; nothing added.');
    else
      this.done(
        `Created staging job ${outcome.job}: ${outcome.stage.length} package(s), ${formatBytes(outcome.bytes)}.`,
      );
    if (outcome.staging.length > plan.staging.length) {
      this.notice(
        `${outcome.staging.length - plan.staging.length} package(s) were requested by another job meanwhile; reused.`,
      );
    }
    return outcome;
  }

  /** What the request will do, for people. */
  private preview(plan: StagingPlan): void {
    if (this.jsonEnabled()) return;
    const lines = [`To stage to ${plan.destination}: ${plan.stage.length} package(s), ${formatBytes(plan.bytes)}`];
    for (const o of plan.byOrigin) lines.push(`  from ${o.origin}: ${o.packages} package(s), ${formatBytes(o.bytes)}`);
    const some = <T>(list: T[], show: (t: T) => string) =>
      list.slice(0, 10).map(show).join(', ') + (list.length > 10 ? `, … (${list.length - 10} more)` : '');
    if (plan.present.length)
      lines.push(`Already at ${plan.destination}: ${plan.present.length} (${some(plan.present, (p) => p.name)})`);
    if (plan.staging.length) {
      lines.push(
        `Already being staged: ${plan.staging.length} (${some(plan.staging, (p) => `${p.name} in job ${p.job}`)})`,
      );
    }
    if (plan.refused.length) {
      lines.push(`Cannot be staged: ${plan.refused.length}`);
      for (const r of plan.refused.slice(0, 20)) lines.push(`  ${r.name}: ${r.reason}`);
      if (plan.refused.length > 20) lines.push(`  … (${plan.refused.length - 20} more; --json lists all)`);
    }
    process.stdout.write(`${visible(lines.join('\n'))}\n`);
  }
}
