import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listSites, type SiteView } from '../../src/services/sites.js';

const COLUMNS: Column<SiteView>[] = [
  { key: 'shortName', essential: true, get: (s) => s.shortName },
  { key: 'name', text: true, get: (s) => s.name },
  { key: 'geographicLocation', text: true, drop: 2, get: (s) => s.geographicLocation },
  { key: 'description', text: true, drop: 3, get: (s) => s.description },
  { key: 'createdAt', extra: true, get: (s) => s.createdAt },
  { key: 'updatedAt', extra: true, get: (s) => s.updatedAt },
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
    const rows = await this.withEm((em) => listSites(em));
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
