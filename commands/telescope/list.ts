import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listTelescopes, type TelescopeView } from '../../src/services/telescopes.js';

const COLUMNS: Column<TelescopeView>[] = [
  { key: 'name', essential: true, get: (t) => t.name },
  { key: 'observatory', get: (t) => t.observatory },
  { key: 'latitude', unit: 'deg', get: (t) => t.latitude },
  { key: 'longitude', unit: 'deg', get: (t) => t.longitude },
  { key: 'altitude', unit: 'm', get: (t) => t.altitude },
  { key: 'description', text: true, drop: 2, get: (t) => t.description },
  { key: 'createdAt', extra: true, get: (t) => t.createdAt },
  { key: 'updatedAt', extra: true, get: (t) => t.updatedAt },
];

export default class TelescopeList extends ReadCommand<typeof TelescopeList> {
  static override summary = 'List telescopes.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> telescope list',
    '<%= config.bin %> telescope list --observatory "CCAT Observatory" --output json',
  ];
  static override flags = {
    observatory: Flags.string({ summary: 'Only telescopes of this observatory.' }),
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<TelescopeView>> {
    const { flags } = this;
    const rows = await this.withEm((em) => listTelescopes(em, { observatory: flags.observatory }));
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
