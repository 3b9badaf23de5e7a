import { quietFlag } from '../../src/output/quiet-flag.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { Busy } from '../../src/errors.js';
import { stagingProgress, type StagingJobRow, type WaitOutcome } from '../../src/staging/staging-jobs.js';
import { durationMs, formatDuration } from '../../src/views/time-input.js';
import { timerMs } from '../../src/config/timeouts.js';

export default class StagingWait extends OpsCommand<typeof StagingWait> {
  static override summary = 'Wait for a staging job to finish.';
  static override description = `Polls the job until none of its packages is pending, scheduled or in progress. Exit 0 when every package completed, 1 when none did (failed or cancelled), 3 when some did, 75 on timeout.`;
  static override examples = [
    '<%= config.bin %> staging wait 42 --timeout 2h',
    '<%= config.bin %> staging wait 42 --timeout 30m --interval 1m --json',
  ];
  static override args = { id: Args.string({ required: true, description: 'Staging job id (see `staging list`)' }) };
  static override flags = {
    ...quietFlag,
    timeout: Flags.string({ summary: 'Give up after this long (exit 75).', default: '2h' }),
    interval: Flags.string({ summary: 'How often to look.', default: '30s' }),
  };

  async run(): Promise<{ outcome: WaitOutcome; job: StagingJobRow }> {
    const { flags } = this;
    const timeoutMs = durationMs(flags.timeout, 'timeout');
    const intervalMs = timerMs(flags.interval, 'interval');
    const db = await this.client();
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const { done, outcome, job } = await stagingProgress(db, this.args.id);
      const line = `staging job ${job.id}: ${job.completed}/${job.packages} completed, ${job.active} in progress, ${job.pending} pending, ${job.failed + job.cancelled} failed or cancelled`;
      if (line !== last && !this.jsonEnabled()) this.notice(line);
      last = line;
      if (done && outcome) {
        if (outcome === 'failed') process.exitCode = 1;
        if (outcome === 'partial')
          this.problems(`staging job ${job.id} finished with ${job.packages - job.completed} package(s) not staged`);
        this.done(`Staging job ${job.id} ${outcome === 'partial' ? 'partially completed' : outcome}.`);
        return { outcome, job };
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Busy(`staging job ${job.id} did not finish within ${formatDuration(timeoutMs)}`, [
          `look again with \`ccat-ops staging show ${job.id}\` or wait longer with --timeout`,
        ]);
      }
      await sleep(Math.min(intervalMs, left));
    }
  }
}
