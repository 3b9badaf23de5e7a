import { userInfo } from 'node:os';
import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { cancelStagingJob, type CancelResult } from '../../src/staging/staging-jobs.js';

export default class StagingCancel extends OpsCommand<typeof StagingCancel> {
  static override summary = 'Cancel the work of a staging job that has not started.';
  static override description = `Pending and scheduled packages are cancelled; packages being staged right now are reported, not stopped. One transaction. Asks for confirmation on a terminal; --yes skips it.`;
  static override examples = [
    '<%= config.bin %> staging cancel 42',
    '<%= config.bin %> staging cancel 42 --yes --json',
  ];
  static override args = { id: Args.string({ required: true, description: 'Staging job id (see `staging list`)' }) };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Show what would be cancelled and change nothing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<CancelResult | undefined> {
    const { flags } = this;
    const db = await this.client();
    const preview = await cancelStagingJob(db, this.args.id, userInfo().username, true);
    const report = (r: CancelResult) => {
      if (r.inProgress.length) {
        this.notice(`${r.inProgress.length} package(s) in progress were not stopped: ${r.inProgress.join(', ')}.`);
      }
    };
    if (preview.cancelled.length === 0) {
      report(preview);
      this.done(`Staging job ${preview.job} has nothing pending or scheduled to cancel; nothing changed.`);
      return preview;
    }
    if (flags['dry-run']) {
      report(preview);
      this.done(
        `Would cancel ${preview.cancelled.length} package(s) of staging job ${preview.job} (dry run; nothing changed).`,
      );
      return preview;
    }
    const question = `Cancel ${preview.cancelled.length} pending or scheduled package(s) of staging job ${preview.job}?`;
    if (!(await this.confirm(question, flags.yes))) return this.declined();
    const result = await cancelStagingJob(db, this.args.id, userInfo().username);
    report(result);
    this.done(
      `Cancelled ${result.cancelled.length} package(s) of staging job ${result.job}; the job is ${result.status}.`,
    );
    return result;
  }
}
