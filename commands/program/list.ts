import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { ProgramView } from '../../src/services/programs.js';
import { listPrograms } from '../../src/views/registry/programs.js';

const COLUMNS: Column<ProgramView>[] = [
  { key: 'shortName', essential: true },
  { key: 'name', text: true },
  { key: 'description', text: true, drop: 2 },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class ProgramList extends ReadCommand<typeof ProgramList> {
  static override summary = 'List observing programmes.';
  static override columns = COLUMNS;
  static override examples = ['<%= config.bin %> program list', '<%= config.bin %> program list --output json'];
  static override flags = {
    ...sortAndLimitFlags(COLUMNS, 'shortName'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<ProgramView>> {
    const rows = await listPrograms(await this.client());
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
