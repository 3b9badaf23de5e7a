import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { TelescopeView } from '../../src/services/telescopes.js';
import { listTelescopes } from '../../src/views/registry/telescopes.js';

const COLUMNS: Column<TelescopeView>[] = [
  { key: 'name', essential: true },
  { key: 'observatory' },
  { key: 'latitude', unit: 'deg' },
  { key: 'longitude', unit: 'deg' },
  { key: 'altitude', unit: 'm' },
  { key: 'description', text: true, drop: 2 },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
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
    const rows = await listTelescopes(await this.client(), { observatory: flags.observatory });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
