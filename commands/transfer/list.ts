import { Flags } from '@oclif/core';
import { Status } from '../../entities/enums.js';
import { ReadCommand } from '../../src/read-command.js';
import { statusFlag, timeRangeFlags } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { TRANSFER_COLUMNS } from '../../src/output/transfer-columns.js';
import type { Page } from '../../src/views/keyset.js';
import { durationMs, timeRange } from '../../src/views/time-input.js';
import { transferList, type TransferRow } from '../../src/views/transfer-list.js';

export default class TransferList extends ReadCommand<typeof TransferList> {
  static override summary = 'List data transfers, newest first, one page at a time.';
  static override columns = TRANSFER_COLUMNS;
  static override description =
    'Filters combine (all must hold). Pages are read by keyset: pass the last id you saw with --after, or stream everything with --all.';
  static override examples = [
    {
      description: 'Failed transfers on one route',
      command: '<%= config.bin %> transfer list --failed --route ccat_to_cologne',
    },
    { description: 'Transfers stuck for six hours or more', command: '<%= config.bin %> transfer list --stuck-for 6h' },
    { description: 'The next page', command: '<%= config.bin %> transfer list --status pending --after 81234' },
    {
      description: 'Everything into a file',
      command: '<%= config.bin %> transfer list --destination us --all --output ndjson > transfers.ndjson',
    },
  ];
  static override flags = {
    status: statusFlag(Object.values(Status)),
    failed: Flags.boolean({ summary: 'Only failed transfers (same as --status failed).' }),
    route: Flags.string({ summary: 'Only transfers on this route.' }),
    origin: Flags.string({ summary: 'Only from this site, or this location (SITE/NAME).' }),
    destination: Flags.string({ summary: 'Only to this site, or this location (SITE/NAME).' }),
    ...timeRangeFlags,
    'stuck-for': Flags.string({ summary: 'Only transfers not completed and not updated for this long (e.g. 6h).' }),
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<TransferRow> | undefined> {
    const { flags } = this;
    const status = [...(flags.status ?? []), ...(flags.failed ? [Status.FAILED] : [])];
    const filter = {
      status,
      route: flags.route,
      origin: flags.origin,
      destination: flags.destination,
      ...timeRange(flags.since, flags.until),
      stuckForMs: flags['stuck-for'] === undefined ? undefined : durationMs(flags['stuck-for'], 'stuck-for'),
    };
    const db = await this.client();
    return this.renderKeysetList(db, await transferList(db, filter), TRANSFER_COLUMNS, flags);
  }
}
