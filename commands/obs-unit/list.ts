import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listObsUnits, type ObsUnitView } from '../../src/services/obs-units.js';

const COLUMNS: Column<ObsUnitView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (u) => u.name },
  { key: 'program', header: 'Program', get: (u) => u.program },
  { key: 'subProgram', header: 'Sub-program', drop: 2, get: (u) => u.subProgram },
  { key: 'source', header: 'Source', get: (u) => u.source },
  { key: 'obsMode', header: 'Obs mode', get: (u) => u.obsMode },
  { key: 'lineId', header: 'Line', drop: 2, get: (u) => u.lineId },
  { key: 'priority', header: 'Priority', get: (u) => u.priority },
  { key: 'available', header: 'Available', get: (u) => u.available },
];

export default class ObsUnitList extends ReadCommand<typeof ObsUnitList> {
  static override summary = 'List obs units.';
  static override examples = [
    '<%= config.bin %> obs-unit list --program GEco',
    '<%= config.bin %> obs-unit list --source "Orion KL" --available --output json',
    '<%= config.bin %> obs-unit list --no-available',
  ];
  static override flags = {
    program: Flags.string({ summary: 'Only obs units of this programme (short name).' }),
    source: Flags.string({ summary: 'Only obs units of this source.' }),
    available: Flags.boolean({ allowNo: true, summary: 'Only available ones (--no-available: only unavailable).' }),
    ...sortAndLimitFlags(['name', 'priority', 'createdAt'], 'name'),
    ...outputFlags,
  };

  async run(): Promise<ObsUnitView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listObsUnits(em, {
        program: flags.program,
        source: flags.source,
        available: flags.available,
        sort: orderBy(flags.sort),
        limit: flags.limit,
      }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
