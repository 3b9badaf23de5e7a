import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listTelescopes, type TelescopeView } from '../../src/services/telescopes.js';

const COLUMNS: Column<TelescopeView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (t) => t.name },
  { key: 'observatory', header: 'Observatory', get: (t) => t.observatory },
  { key: 'latitudeDeg', header: 'Lat (deg)', get: (t) => t.latitudeDeg },
  { key: 'longitudeDeg', header: 'Lon (deg)', get: (t) => t.longitudeDeg },
  { key: 'altitudeM', header: 'Alt (m)', get: (t) => t.altitudeM },
  { key: 'description', header: 'Description', text: true, drop: 2, get: (t) => t.description },
];

export default class TelescopeList extends ReadCommand<typeof TelescopeList> {
  static override summary = 'List telescopes.';
  static override examples = [
    '<%= config.bin %> telescope list',
    '<%= config.bin %> telescope list --observatory "CCAT Observatory" --output json',
  ];
  static override flags = {
    observatory: Flags.string({ summary: 'Only telescopes of this observatory.' }),
    ...sortAndLimitFlags(['name', 'createdAt'], 'name'),
    ...outputFlags,
  };

  async run(): Promise<TelescopeView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listTelescopes(em, { observatory: flags.observatory, sort: orderBy(flags.sort), limit: flags.limit }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
