import { Args, Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { USAGE_COLUMNS, usageDefaultColumns } from '../../src/output/usage-columns.js';
import { measureUsage } from '../../src/views/disk-space.js';
import { locationUsage, usageBreaches, type UsageReport } from '../../src/views/location-usage.js';

export default class LocationUsage extends ReadCommand<typeof LocationUsage> {
  static override summary = 'Disk space per location: bytes by copy status, growth per day, days until full.';
  static override description = `One row per location (every active one, or the one given): its live copies (every status but deleted) and their bytes, by status; the bytes it gained per day over the last --days days as a sparkline, and that rate; and, when the location records a capacity (\`location update --capacity 40TB\`), its free space and the days until it is full at that rate ("not filling" when it does not grow). On a disk location --measure also reads the real size and free space of the root path on this host (statfs); run it where the storage is mounted. --fail-if-days-left exits 3 when a location will be full within that many days, by its capacity or as measured (for cron).`;
  static override examples = [
    '<%= config.bin %> location usage',
    '<%= config.bin %> location usage ccat/buffer --days 30 --measure',
    {
      description: 'Alert from cron when the telescope buffer fills within a week',
      command: '<%= config.bin %> location usage ccat/buffer --measure --fail-if-days-left 7 --json',
    },
  ];
  static override args = {
    location: Args.string({ description: 'Location as SITE/NAME (default: every active location)' }),
  };
  static override flags = {
    days: Flags.integer({
      summary: 'Days of growth to show and to take the rate from.',
      min: 1,
      max: 3650,
      default: 14,
    }),
    measure: Flags.boolean({ summary: 'Disk locations: also read the real size and free space of the root path.' }),
    'fail-if-days-left': Flags.integer({
      summary: 'Exit 3 when a location will be full within this many days.',
      min: 0,
      max: 36500,
    }),
    ...outputFlags,
  };

  async run(): Promise<UsageReport & { breaches: string[] }> {
    const { flags } = this;
    const db = await this.client();
    const report = await locationUsage(db, { location: this.args.location, days: flags.days });
    if (flags.measure) {
      // One location after the other: they share the one connection, whose statements run in turn
      // anyway (pg refuses, with a warning, queries sent to a client still busy with one).
      const measured = [];
      for (const l of report.locations) measured.push(await measureUsage(db, l));
      report.locations = measured;
    }
    if (report.locations.length === 0 && !this.jsonEnabled()) this.notice('No active locations.');
    this.renderRows(
      report.locations,
      USAGE_COLUMNS,
      flags.output,
      flags.columns?.split(',') ?? (flags.output === 'table' ? usageDefaultColumns(flags.measure) : undefined),
    );
    const limit = flags['fail-if-days-left'];
    const breaches = limit === undefined ? [] : usageBreaches(report, limit);
    if (breaches.length) {
      this.problems(breaches.join('; '), [
        '`ccat-ops copy list --location SITE/NAME` shows what is there; free space or raise the capacity',
      ]);
    }
    return { ...report, breaches };
  }
}
