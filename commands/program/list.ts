import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listPrograms, type ProgramView } from '../../src/services/programs.js';

const COLUMNS: Column<ProgramView>[] = [
  { key: 'shortName', header: 'Short name', essential: true, get: (p) => p.shortName },
  { key: 'name', header: 'Name', text: true, get: (p) => p.name },
  { key: 'description', header: 'Description', text: true, drop: 2, get: (p) => p.description },
];

export default class ProgramList extends ReadCommand<typeof ProgramList> {
  static override summary = 'List observing programmes.';
  static override examples = ['<%= config.bin %> program list', '<%= config.bin %> program list --output json'];
  static override flags = {
    ...sortAndLimitFlags(['shortName', 'name', 'createdAt'], 'shortName'),
    ...outputFlags,
  };

  async run(): Promise<ProgramView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) => listPrograms(em, { sort: orderBy(flags.sort), limit: flags.limit }));
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
