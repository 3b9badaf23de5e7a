import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { ObservatoryView } from '../../src/services/observatories.js';
import { listObservatories } from '../../src/views/registry/observatories.js';

const COLUMNS: Column<ObservatoryView>[] = [
  { key: 'name', essential: true },
  { key: 'description', text: true },
  { key: 'createdAt' },
  { key: 'updatedAt', extra: true },
];

export default class ObservatoryList extends ReadCommand<typeof ObservatoryList> {
  static override summary = 'List observatories.';
  static override columns = COLUMNS;
  static override examples = ['<%= config.bin %> observatory list', '<%= config.bin %> observatory list --output csv'];
  static override flags = { ...sortAndLimitFlags(COLUMNS, 'name'), ...outputFlags };

  async run(): Promise<ListPage<ObservatoryView>> {
    const rows = await listObservatories(await this.client());
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
