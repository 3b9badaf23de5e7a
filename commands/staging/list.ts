import { Flags } from '@oclif/core';
import { StagingStatus } from '../../entities/enums.js';
import { ReadCommand } from '../../src/read-command.js';
import { statusFlag, timeRangeFlags } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { STAGING_COLUMNS } from '../../src/output/staging-columns.js';
import { stagingList, type StagingJobRow } from '../../src/staging/staging-jobs.js';
import type { Page } from '../../src/views/keyset.js';
import { durationMs, timeRange } from '../../src/views/time-input.js';

export default class StagingList extends ReadCommand<typeof StagingList> {
  static override summary = 'List staging jobs, newest first, with their package counts.';
  static override columns = STAGING_COLUMNS;
  static override examples = [
    '<%= config.bin %> staging list --status pending,in_progress',
    '<%= config.bin %> staging list --destination ramses/processing --requested-by alice',
    '<%= config.bin %> staging list --older-than 2d --status pending',
  ];
  static override flags = {
    status: statusFlag(Object.values(StagingStatus)),
    destination: Flags.string({ summary: 'Only jobs staging to this location (SITE/NAME).' }),
    'requested-by': Flags.string({ summary: 'Only jobs requested by this user.' }),
    ...timeRangeFlags,
    'older-than': Flags.string({ summary: 'Only jobs created longer ago than this (e.g. 2d).', exclusive: ['until'] }),
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<StagingJobRow> | undefined> {
    const { flags } = this;
    const range = timeRange(flags.since, flags.until);
    const until =
      flags['older-than'] === undefined
        ? range.until
        : new Date(Date.now() - durationMs(flags['older-than'], 'older-than'));
    const db = await this.client();
    const list = await stagingList(db, {
      status: flags.status,
      destination: flags.destination,
      requestedBy: flags['requested-by'],
      since: range.since,
      until,
    });
    return this.renderKeysetList(db, list, STAGING_COLUMNS, flags);
  }
}
