import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { InstrumentView } from '../../src/services/instruments.js';
import { listInstruments } from '../../src/views/registry/instruments.js';

const COLUMNS: Column<InstrumentView>[] = [
  { key: 'name', essential: true },
  { key: 'telescope' },
  { key: 'type' },
  { key: 'available', get: (i) => (i.available ? 'yes' : 'no') },
  { key: 'description', text: true, drop: 2 },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class InstrumentList extends ReadCommand<typeof InstrumentList> {
  static override summary = 'List instruments.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> instrument list',
    '<%= config.bin %> instrument list --telescope FYST --available',
    '<%= config.bin %> instrument list --unavailable --output json',
  ];
  static override flags = {
    telescope: Flags.string({ summary: 'Only instruments on this telescope.' }),
    available: Flags.boolean({ summary: 'Only available instruments.', exclusive: ['unavailable'] }),
    unavailable: Flags.boolean({ summary: 'Only unavailable instruments.', exclusive: ['available'] }),
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<InstrumentView>> {
    const { flags } = this;
    const available = flags.available ? true : flags.unavailable ? false : undefined;
    const rows = await listInstruments(await this.client(), { telescope: flags.telescope, available });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
