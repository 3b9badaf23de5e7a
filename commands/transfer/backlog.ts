import { quietFlag } from '../../src/output/quiet-flag.js';
import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { backlogColumns } from '../../src/output/backlog-columns.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { backlogBreaches } from '../../src/views/backlog-thresholds.js';
import { durationMs } from '../../src/views/time-input.js';
import { transferBacklog, type BacklogReport } from '../../src/views/transfer-backlog.js';

export default class TransferBacklog extends ReadCommand<typeof TransferBacklog> {
  static override summary = 'The transfer backlog per route and destination: what waits, how old, how fast.';
  static override description = `One row per route and destination location: transfers pending, scheduled, in progress and failed; bytes waiting; the age of the oldest waiting transfer; transfers and bytes completed in the last 24 h; the time to clear the backlog at that rate; and the daily throughput of the last days as a sparkline. With --fail-if-older-than or --fail-if-failed it exits 3 when a limit is breached (for cron and alerting); --json prints the whole report for machines.`;
  static override examples = [
    '<%= config.bin %> transfer backlog',
    {
      description: 'Alert from cron',
      command: '<%= config.bin %> transfer backlog --fail-if-older-than 6h --fail-if-failed 10 --json',
    },
    '<%= config.bin %> transfer backlog --route cologne_to_us --days 14',
  ];
  static override flags = {
    ...quietFlag,
    route: Flags.string({ summary: 'Only this route.' }),
    destination: Flags.string({ summary: 'Only towards this site, or this location (SITE/NAME).' }),
    days: Flags.integer({ summary: 'Days of daily throughput to show.', min: 1, max: 90, default: 7 }),
    'fail-if-older-than': Flags.string({ summary: 'Exit 3 when a waiting transfer is older than this (e.g. 6h).' }),
    'fail-if-failed': Flags.integer({ summary: 'Exit 3 when more than this many transfers have failed.', min: 0 }),
    ...outputFlags,
  };

  async run(): Promise<BacklogReport & { breaches: string[] }> {
    const { flags } = this;
    const olderThanMs =
      flags['fail-if-older-than'] === undefined
        ? undefined
        : durationMs(flags['fail-if-older-than'], 'fail-if-older-than');
    const report = await transferBacklog(await this.client(), {
      route: flags.route,
      destination: flags.destination,
      days: flags.days,
    });
    this.renderRows(report.rows, backlogColumns(), flags.output, flags.columns?.split(','));
    const breaches = backlogBreaches(report, { olderThanMs, failed: flags['fail-if-failed'] });
    if (breaches.length)
      this.problems(breaches.join('; '), ['`ccat-ops transfer list --stuck-for` or `--failed` shows which']);
    return { ...report, breaches };
  }
}
