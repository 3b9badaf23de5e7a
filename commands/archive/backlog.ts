import { quietFlag } from '../../src/output/quiet-flag.js';
import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { backlogColumns } from '../../src/output/backlog-columns.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { archiveBacklog, type ArchiveBacklogReport } from '../../src/views/archive-backlog.js';
import { backlogBreaches } from '../../src/views/backlog-thresholds.js';
import { durationMs, formatDuration } from '../../src/views/time-input.js';

export default class ArchiveBacklog extends ReadCommand<typeof ArchiveBacklog> {
  static override summary = 'The long-term-archive backlog, and packages not archived in time.';
  static override description = `One row per origin and destination (LTA) location: archive transfers pending, scheduled, in progress and failed; bytes waiting; the age of the oldest waiting one; what completed in the last 24 h; the time to clear at that rate; and the daily throughput as a sparkline. Below it, the raw data packages not archived --not-archived-after their creation (default 24h). Exits 3 when a --fail-if-* limit is breached.`;
  static override examples = [
    '<%= config.bin %> archive backlog',
    '<%= config.bin %> archive backlog --not-archived-after 48h --fail-if-not-archived 0 --json',
    '<%= config.bin %> archive backlog --destination cologne/lta --fail-if-older-than 12h',
  ];
  static override flags = {
    ...quietFlag,
    origin: Flags.string({ summary: 'Only from this site, or this location (SITE/NAME).' }),
    destination: Flags.string({ summary: 'Only to this site, or this location (SITE/NAME).' }),
    days: Flags.integer({ summary: 'Days of daily throughput to show.', min: 1, max: 90, default: 7 }),
    'not-archived-after': Flags.string({
      summary: 'Count packages not archived this long after creation.',
      default: '24h',
    }),
    'fail-if-older-than': Flags.string({ summary: 'Exit 3 when a waiting archive transfer is older than this.' }),
    'fail-if-failed': Flags.integer({
      summary: 'Exit 3 when more than this many archive transfers have failed.',
      min: 0,
    }),
    'fail-if-not-archived': Flags.integer({
      summary: 'Exit 3 when more than this many packages are not archived in time.',
      min: 0,
    }),
    ...outputFlags,
  };

  async run(): Promise<ArchiveBacklogReport & { breaches: string[] }> {
    const { flags } = this;
    const afterMs = durationMs(flags['not-archived-after'], 'not-archived-after');
    const olderThanMs =
      flags['fail-if-older-than'] === undefined
        ? undefined
        : durationMs(flags['fail-if-older-than'], 'fail-if-older-than');
    const report = await archiveBacklog(await this.client(), {
      origin: flags.origin,
      destination: flags.destination,
      days: flags.days,
      notArchivedAfterMs: afterMs,
    });
    this.renderRows(report.rows, backlogColumns(), flags.output, flags.columns?.split(','));
    const late = report.notArchived;
    if (!this.jsonEnabled() && !this.quiet && flags.output === 'table') {
      const states = Object.entries(late.byState)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ');
      this.log(
        late.count === 0
          ? `Every package older than ${formatDuration(afterMs)} is archived.`
          : `${late.count} package(s) not archived ${formatDuration(afterMs)} after creation (${states}); oldest created ${late.oldestCreatedAt?.toISOString()}.`,
      );
    }
    const breaches = backlogBreaches(report, { olderThanMs, failed: flags['fail-if-failed'] }, 'archive transfer');
    if (flags['fail-if-not-archived'] !== undefined && late.count > flags['fail-if-not-archived']) {
      breaches.push(
        `${late.count} package(s) not archived ${formatDuration(afterMs)} after creation (limit ${flags['fail-if-not-archived']})`,
      );
    }
    if (breaches.length)
      this.problems(breaches.join('; '), ['`ccat-ops archive list --stuck-for` or `--failed` shows which']);
    return { ...report, breaches };
  }
}
