import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { findingList, type FindingRow } from '../../src/audit/audit-lists.js';
import { runSummary, type RunSummary } from '../../src/audit/audit-summary.js';
import { FINDING_COLUMNS } from '../../src/output/audit-columns.js';
import { formatBytes } from '../../src/output/bytes.js';
import { renderSection } from '../../src/output/section.js';
import { fetchPage } from '../../src/views/keyset.js';

const SHOWN = 50;

export interface AuditShowResult extends RunSummary {
  /** The first findings of the run (up to 50; `audit findings --run` lists them all). */
  findingList: FindingRow[];
}

export default class AuditShow extends ReadCommand<typeof AuditShow> {
  static override summary = 'Show one audit run: settings, progress, counters and its findings.';
  static override examples = ['<%= config.bin %> audit show 42', '<%= config.bin %> audit show 42 --json'];
  static override args = { run: Args.string({ required: true, description: 'Audit run id (see `audit runs`)' }) };

  async run(): Promise<AuditShowResult> {
    const db = await this.client();
    const summary = await runSummary(db, this.args.run);
    const list = await findingList(db, { run: summary.run });
    const page = await fetchPage<FindingRow>(db, list, { limit: SHOWN, order: 'oldest' });
    if (!this.jsonEnabled()) {
      const { findings, params, bytes, ...fields } = summary;
      this.renderObject({ ...fields, bytes: formatBytes(bytes), settings: params, ...findings });
      process.stdout.write(renderSection('Findings', page.items, FINDING_COLUMNS));
      if (page.next)
        this.notice(`More findings: ccat-ops audit findings --run ${summary.run} --sort oldest --after ${page.next}`);
    }
    return { ...summary, findingList: page.items };
  }
}
