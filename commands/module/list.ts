import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { ModuleView } from '../../src/services/instrument-modules.js';
import { listModules } from '../../src/views/registry/modules.js';

const COLUMNS: Column<ModuleView>[] = [
  { key: 'name', essential: true },
  { key: 'instrument', essential: true },
  { key: 'telescope' },
  { key: 'pixels' },
  { key: 'freqMin', unit: 'GHz', drop: 2 },
  { key: 'freqMax', unit: 'GHz', drop: 2 },
  { key: 'available', get: (m) => (m.available ? 'yes' : 'no') },
  { key: 'description', text: true, drop: 2 },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class ModuleList extends ReadCommand<typeof ModuleList> {
  static override summary = 'List instrument modules.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> module list',
    '<%= config.bin %> module list --telescope FYST --instrument CHAI',
    '<%= config.bin %> module list --available --output csv --columns name,instrument,pixels',
  ];
  static override flags = {
    telescope: Flags.string({ summary: 'Only modules of instruments on this telescope.' }),
    instrument: Flags.string({ summary: 'Only modules of this instrument.' }),
    available: Flags.boolean({ summary: 'Only available modules.', exclusive: ['unavailable'] }),
    unavailable: Flags.boolean({ summary: 'Only unavailable modules.', exclusive: ['available'] }),
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<ModuleView>> {
    const { flags } = this;
    const available = flags.available ? true : flags.unavailable ? false : undefined;
    const rows = await listModules(await this.client(), {
      telescope: flags.telescope,
      instrument: flags.instrument,
      available,
    });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
