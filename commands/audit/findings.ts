import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { findingList, type FindingRow } from '../../src/audit/audit-lists.js';
import { FINDING_KINDS } from '../../src/audit/run-ledger.js';
import { FINDING_COLUMNS } from '../../src/output/audit-columns.js';
import { statusFlag } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import type { Page } from '../../src/views/keyset.js';

export default class AuditFindings extends ReadCommand<typeof AuditFindings> {
  static override summary = 'List what audits found (lost, corrupt, dark and unreadable data), newest first.';
  static override columns = FINDING_COLUMNS;
  static override description = `One finding per problem: a problem seen again by a later run is not listed twice ("Last seen in" says which run saw it last). A finding is resolved when a later audit finds the copy fine, the dark file is adopted (file register) or gone, or --mark-missing recorded the copy as lost.`;
  static override examples = [
    '<%= config.bin %> audit findings --location ccat/buffer --kind missing --unresolved',
    '<%= config.bin %> audit findings --run 42 --output csv > run-42.csv',
    '<%= config.bin %> audit findings --kind dark --unresolved --columns path,actual',
  ];
  static override flags = {
    location: Flags.string({ summary: 'Only findings at this location (SITE/NAME).' }),
    kind: statusFlag(FINDING_KINDS, 'Only these kinds (comma-separated).'),
    unresolved: Flags.boolean({ summary: 'Only findings not resolved yet.' }),
    run: Flags.string({ summary: 'Only findings this audit run found or saw again.' }),
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<FindingRow> | undefined> {
    const { flags } = this;
    const db = await this.client();
    const list = await findingList(db, {
      location: flags.location,
      kind: flags.kind,
      unresolved: flags.unresolved,
      run: flags.run,
    });
    return this.renderKeysetList(db, list, FINDING_COLUMNS, flags);
  }
}
