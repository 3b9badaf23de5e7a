import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { listObservatories, type ObservatoryView } from '../../src/services/observatories.js';

const COLUMNS: Column<ObservatoryView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (o) => o.name },
  { key: 'description', header: 'Description', text: true, get: (o) => o.description },
  { key: 'createdAt', header: 'Created (UTC)', get: (o) => o.createdAt },
];

export default class ObservatoryList extends ReadCommand<typeof ObservatoryList> {
  static override summary = 'List observatories.';
  static override examples = ['<%= config.bin %> observatory list', '<%= config.bin %> observatory list --output csv'];
  static override flags = { ...outputFlags };

  async run(): Promise<ObservatoryView[]> {
    const rows = await this.withEm((em) => listObservatories(em));
    this.renderRows(rows, COLUMNS, this.flags.output, this.flags.columns?.split(','));
    return rows;
  }
}
