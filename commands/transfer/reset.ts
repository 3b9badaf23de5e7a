import { userInfo } from 'node:os';
import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { Column } from '../../src/output/columns.js';
import { applyReset, planReset, type ResetPlan, type ResetResult } from '../../src/services/transfer-reset.js';

const COLUMNS: Column<ResetPlan['reset'][number]>[] = [
  { key: 'id', essential: true },
  { key: 'package' },
  { key: 'route' },
  { key: 'retryCount', drop: 2 },
  { key: 'errorMessage', text: true },
];

export default class TransferReset extends OpsCommand<typeof TransferReset> {
  static override summary = 'Put failed transfers back to pending so they are retried.';
  static override description = `Only failed transfers change: named transfers in another status are skipped and listed. The retry count is kept; the error is cleared and written to the transfer's log. One transaction: all of them or none. Asks for confirmation on a terminal; --yes skips it, --dry-run only shows.`;
  static override strict = false;
  static override examples = [
    '<%= config.bin %> transfer reset 81234 81240',
    '<%= config.bin %> transfer reset --all-failed --route ccat_to_cologne --dry-run',
    '<%= config.bin %> transfer reset --all-failed --route ccat_to_cologne --yes',
  ];
  static override args = { ids: Args.string({ description: 'Transfer ids (several allowed)' }) };
  static override flags = {
    'all-failed': Flags.boolean({ summary: 'Every failed transfer (on --route, when given).' }),
    route: Flags.string({ summary: 'With --all-failed: only failed transfers on this route.' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be reset and change nothing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ResetResult | undefined> {
    const { flags } = this;
    const ids = this.positionals;
    const db = await this.client();
    const plan = await planReset(db, { ids, allFailed: flags['all-failed'], route: flags.route });
    for (const s of plan.skipped) this.notice(`Skipped transfer ${s.id}: it is ${s.status}, not failed.`);
    if (plan.reset.length === 0) {
      this.done('No failed transfers to reset; nothing changed.');
      return { ...plan, dryRun: flags['dry-run'] };
    }
    this.renderRows(plan.reset, COLUMNS);
    if (flags['dry-run']) {
      this.done(`Would reset ${plan.reset.length} failed transfer(s) to pending (dry run; nothing changed).`);
      return { ...plan, dryRun: true };
    }
    if (!(await this.confirm(`Reset ${plan.reset.length} failed transfer(s) to pending?`, flags.yes)))
      return this.declined();
    const result = await applyReset(db, plan, userInfo().username);
    this.done(`Reset ${result.reset.length} transfer(s) to pending.`);
    return { ...result, dryRun: false };
  }
}
