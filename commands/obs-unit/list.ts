import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { ObsUnitView } from '../../src/services/obs-units.js';
import { listObsUnits } from '../../src/views/registry/obs-units.js';

const COLUMNS: Column<ObsUnitView>[] = [
  { key: 'name', essential: true },
  { key: 'program' },
  { key: 'subProgram', drop: 2 },
  { key: 'source' },
  { key: 'obsMode' },
  { key: 'line', drop: 2 },
  { key: 'priority' },
  { key: 'available' },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class ObsUnitList extends ReadCommand<typeof ObsUnitList> {
  static override summary = 'List obs units.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> obs-unit list --program GEco',
    '<%= config.bin %> obs-unit list --source "Orion KL" --available --output json',
    '<%= config.bin %> obs-unit list --no-available',
  ];
  static override flags = {
    program: Flags.string({ summary: 'Only obs units of this programme (short name).' }),
    source: Flags.string({ summary: 'Only obs units of this source.' }),
    available: Flags.boolean({ allowNo: true, summary: 'Only available ones (--no-available: only unavailable).' }),
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<ObsUnitView>> {
    const { flags } = this;
    const rows = await listObsUnits(await this.client(), {
      program: flags.program,
      source: flags.source,
      available: flags.available,
    });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
