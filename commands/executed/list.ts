import { Flags } from '@oclif/core';
import { ExecutedObsUnitStatus } from '../../entities/enums.js';
import { ReadCommand } from '../../src/read-command.js';
import { EXECUTED_COLUMNS } from '../../src/output/executed-columns.js';
import { statusFlag } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { executedList, type ExecutedRow } from '../../src/views/executed-list.js';
import type { Page } from '../../src/views/keyset.js';
import { timeRange } from '../../src/views/time-input.js';

export default class ExecutedList extends ReadCommand<typeof ExecutedList> {
  static override summary = 'List executed obs units, latest start first, one page at a time.';
  static override columns = EXECUTED_COLUMNS;
  static override description =
    'Each row counts the raw data files and packages the execution produced. Filters combine (all must hold). Pages are read by keyset: pass the last id you saw with --after, or stream everything with --all.';
  static override examples = [
    { description: 'What ran in the last day', command: '<%= config.bin %> executed list --since 24h' },
    {
      description: 'Failed or aborted executions of one programme',
      command: '<%= config.bin %> executed list --program GEco --status failed,aborted',
    },
    {
      description: 'Every execution of one obs unit',
      command: '<%= config.bin %> executed list --obs-unit "Orion KL CO43"',
    },
    {
      description: 'The next page',
      command: '<%= config.bin %> executed list --after 0b7c3a52-6a53-4c1e-9a8e-3f1e2d4c5b6a',
    },
  ];
  static override flags = {
    'obs-unit': Flags.string({ summary: 'Only executions of this obs unit.' }),
    program: Flags.string({ summary: 'Only executions of obs units of this programme (short name).' }),
    status: statusFlag(Object.values(ExecutedObsUnitStatus)),
    since: Flags.string({
      summary: 'Only those started at or after this time (2026-11-01, 2026-11-01T12:00Z, or 6h / 7d ago).',
    }),
    until: Flags.string({ summary: 'Only those started before this time (same forms as --since).' }),
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<ExecutedRow> | undefined> {
    const { flags } = this;
    const filter = {
      obsUnit: flags['obs-unit'],
      program: flags.program,
      status: flags.status,
      ...timeRange(flags.since, flags.until),
    };
    const db = await this.client();
    return this.renderKeysetList(db, await executedList(db, filter), EXECUTED_COLUMNS, flags);
  }
}
