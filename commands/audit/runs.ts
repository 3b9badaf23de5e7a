import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { runList, verificationCoverage, type Coverage } from '../../src/audit/audit-lists.js';
import type { SummaryRow } from '../../src/audit/audit-summary.js';
import { COVERAGE_COLUMNS, RUN_COLUMNS } from '../../src/output/audit-columns.js';
import { statusFlag } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { renderSection } from '../../src/output/section.js';
import type { Page } from '../../src/views/keyset.js';

/** The runs as every list is (`{ items, next }`), with the coverage of each disk location above them. */
export interface AuditRunsResult extends Page<SummaryRow> {
  locations: Coverage[];
}

export default class AuditRuns extends ReadCommand<typeof AuditRuns> {
  static override summary = 'Show how well each disk location is verified, and its audit runs, newest first.';
  static override columns = RUN_COLUMNS;
  static override description = `Above the runs, per disk location: live copies, how many were never verified by a checksum audit, the oldest verification, the last run and the open findings. A run paused by its budget or a signal shows as paused; the next audit of its location resumes it.`;
  static override examples = [
    '<%= config.bin %> audit runs',
    '<%= config.bin %> audit runs --location ccat/buffer --status completed --limit 10',
    '<%= config.bin %> audit runs --location ccat/buffer --json',
  ];
  static override flags = {
    location: Flags.string({ summary: 'Only this location (SITE/NAME).' }),
    mode: Flags.option({ options: ['exists', 'size', 'checksum'] as const, summary: 'Only runs of this mode.' })(),
    status: statusFlag(['running', 'completed', 'failed', 'aborted']),
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<AuditRunsResult | undefined> {
    const { flags } = this;
    const db = await this.client();
    const locations = await verificationCoverage(db, flags.location);
    if (!flags.all && flags.output === 'table' && !this.jsonEnabled()) {
      process.stdout.write(renderSection('Locations', locations, COVERAGE_COLUMNS).slice(1));
      process.stdout.write('\nRuns\n');
    }
    const list = await runList(db, { location: flags.location, mode: flags.mode, status: flags.status });
    const runs = await this.renderKeysetList<SummaryRow>(db, list, RUN_COLUMNS, flags);
    return runs && { ...runs, locations };
  }
}
