import { Flags } from '@oclif/core';
import { Status } from '../../entities/enums.js';
import { ReadCommand } from '../../src/read-command.js';
import { ARCHIVE_COLUMNS } from '../../src/output/archive-columns.js';
import { statusFlag, timeRangeFlags } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { archiveList, type ArchiveTransferRow } from '../../src/views/archive-list.js';
import type { Page } from '../../src/views/keyset.js';
import { durationMs, timeRange } from '../../src/views/time-input.js';

export default class ArchiveList extends ReadCommand<typeof ArchiveList> {
  static override summary = 'List long-term-archive transfers (buffer → LTA), newest first, a page at a time.';
  static override columns = ARCHIVE_COLUMNS;
  static override description =
    'Filters combine (all must hold). Pages are read by keyset: pass the last id you saw with --after, or stream everything with --all.';
  static override examples = [
    '<%= config.bin %> archive list --failed',
    '<%= config.bin %> archive list --destination cologne/lta --stuck-for 12h',
    '<%= config.bin %> archive list --package pkg-2026-11-24-0042-LFA',
  ];
  static override flags = {
    status: statusFlag(Object.values(Status)),
    failed: Flags.boolean({ summary: 'Only failed archive transfers (same as --status failed).' }),
    package: Flags.string({ summary: 'Only transfers of this raw data package (its name, id or id prefix).' }),
    origin: Flags.string({ summary: 'Only from this site, or this location (SITE/NAME).' }),
    destination: Flags.string({ summary: 'Only to this site, or this location (SITE/NAME).' }),
    ...timeRangeFlags,
    'stuck-for': Flags.string({ summary: 'Only those not completed and not updated for this long (e.g. 12h).' }),
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<ArchiveTransferRow> | undefined> {
    const { flags } = this;
    const filter = {
      status: [...(flags.status ?? []), ...(flags.failed ? [Status.FAILED] : [])],
      package: flags.package,
      origin: flags.origin,
      destination: flags.destination,
      ...timeRange(flags.since, flags.until),
      stuckForMs: flags['stuck-for'] === undefined ? undefined : durationMs(flags['stuck-for'], 'stuck-for'),
    };
    const db = await this.client();
    return this.renderKeysetList(db, await archiveList(db, filter), ARCHIVE_COLUMNS, flags);
  }
}
