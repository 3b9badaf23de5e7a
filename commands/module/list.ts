import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listModules, type ModuleView } from '../../src/services/instrument-modules.js';

const COLUMNS: Column<ModuleView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (m) => m.name },
  { key: 'instrument', header: 'Instrument', essential: true, get: (m) => m.instrument },
  { key: 'telescope', header: 'Telescope', get: (m) => m.telescope },
  { key: 'pixels', header: 'Pixels', get: (m) => m.pixels },
  { key: 'freqMinGhz', header: 'Freq min (GHz)', drop: 2, get: (m) => m.freqMinGhz },
  { key: 'freqMaxGhz', header: 'Freq max (GHz)', drop: 2, get: (m) => m.freqMaxGhz },
  { key: 'available', header: 'Available', get: (m) => (m.available ? 'yes' : 'no') },
  { key: 'description', header: 'Description', text: true, drop: 2, get: (m) => m.description },
];

export default class ModuleList extends ReadCommand<typeof ModuleList> {
  static override summary = 'List instrument modules.';
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
    ...sortAndLimitFlags(['name', 'instrument', 'telescope', 'pixels', 'createdAt'], 'name'),
    ...outputFlags,
  };

  async run(): Promise<ModuleView[]> {
    const { flags } = this;
    const available = flags.available ? true : flags.unavailable ? false : undefined;
    const rows = await this.withEm((em) =>
      listModules(em, {
        telescope: flags.telescope,
        instrument: flags.instrument,
        available,
        sort: orderBy(flags.sort),
        limit: flags.limit,
      }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
