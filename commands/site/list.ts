import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { SiteView } from '../../src/services/sites.js';
import { listSites } from '../../src/views/registry/sites.js';

const COLUMNS: Column<SiteView>[] = [
  { key: 'shortName', essential: true },
  { key: 'name', text: true },
  { key: 'geographicLocation', text: true, drop: 2 },
  { key: 'description', text: true, drop: 3 },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class SiteList extends ReadCommand<typeof SiteList> {
  static override summary = 'List sites.';
  static override columns = COLUMNS;
  static override examples = ['<%= config.bin %> site list', '<%= config.bin %> site list --output csv'];
  static override flags = {
    ...sortAndLimitFlags(COLUMNS, 'shortName'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<SiteView>> {
    const rows = await listSites(await this.client());
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
