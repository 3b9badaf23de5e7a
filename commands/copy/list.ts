import { Flags } from '@oclif/core';
import { CopyType, PhysicalCopyStatus } from '../../entities/enums.js';
import { ReadCommand } from '../../src/read-command.js';
import { COPY_COLUMNS } from '../../src/output/copy-columns.js';
import { statusFlag, timeRangeFlags } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { copyList, type CopyRow } from '../../src/views/copy-list.js';
import type { Page } from '../../src/views/keyset.js';
import { timeRange } from '../../src/views/time-input.js';

export default class CopyList extends ReadCommand<typeof CopyList> {
  static override summary = 'List copies of files, packages and bundles, newest first, a page at a time.';
  static override columns = COPY_COLUMNS;
  static override description =
    'Live copies only unless --deleted is given. Filters combine (all must hold). Pages are read by keyset: pass the last id you saw with --after, or stream everything with --all.';
  static override examples = [
    {
      description: 'Copies at the Cologne long-term archive',
      command: '<%= config.bin %> copy list --location cologne/lta',
    },
    {
      description: 'Deletions that failed',
      command: '<%= config.bin %> copy list --status deletion_failed',
    },
    {
      description: 'Package copies, deleted ones included',
      command: '<%= config.bin %> copy list --type raw_data_package --deleted',
    },
    {
      description: 'Every copy at one location into a file',
      command: '<%= config.bin %> copy list --location us/lta --all --output ndjson > us-lta.ndjson',
    },
  ];
  static override flags = {
    location: Flags.string({ summary: 'Only copies at this location (SITE/NAME).' }),
    status: statusFlag(Object.values(PhysicalCopyStatus)),
    type: Flags.option({
      options: Object.values(CopyType),
      summary: 'Only copies of this kind of item.',
    })(),
    deleted: Flags.boolean({ summary: 'Include deleted copies (by default only live ones are listed).' }),
    ...timeRangeFlags,
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<CopyRow> | undefined> {
    const { flags } = this;
    const filter = {
      location: flags.location,
      status: flags.status,
      type: flags.type,
      deleted: flags.deleted,
      ...timeRange(flags.since, flags.until),
    };
    const db = await this.client();
    return this.renderKeysetList(db, await copyList(db, filter), COPY_COLUMNS, flags);
  }
}
