import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listSites, type SiteView } from '../../src/services/sites.js';

const COLUMNS: Column<SiteView>[] = [
  { key: 'shortName', header: 'Short name', essential: true, get: (s) => s.shortName },
  { key: 'name', header: 'Name', text: true, get: (s) => s.name },
  { key: 'geographicLocation', header: 'Geographic location', text: true, drop: 2, get: (s) => s.geographicLocation },
  { key: 'description', header: 'Description', text: true, drop: 3, get: (s) => s.description },
];

export default class SiteList extends ReadCommand<typeof SiteList> {
  static override summary = 'List sites.';
  static override examples = ['<%= config.bin %> site list', '<%= config.bin %> site list --output csv'];
  static override flags = {
    ...sortAndLimitFlags(['shortName', 'name', 'createdAt'], 'shortName'),
    ...outputFlags,
  };

  async run(): Promise<SiteView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) => listSites(em, { sort: orderBy(flags.sort), limit: flags.limit }));
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
