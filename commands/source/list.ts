import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { SOURCE_TYPES } from '../../src/registry/source-types.js';
import type { SourceView } from '../../src/services/sources.js';
import { listSources } from '../../src/views/registry/sources.js';
import type { SourceType } from '../../entities/enums.js';

const COLUMNS: Column<SourceView>[] = [
  { key: 'name', essential: true },
  { key: 'type', essential: true },
  { key: 'ra', unit: 'deg' },
  { key: 'dec', unit: 'deg' },
  { key: 'ephemeris' },
  { key: 'raMin', unit: 'deg' },
  { key: 'raMax', unit: 'deg' },
  { key: 'decMin', unit: 'deg' },
  { key: 'decMax', unit: 'deg' },
  { key: 'elevation', unit: 'deg' },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class SourceList extends ReadCommand<typeof SourceList> {
  static override summary = 'List sources.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> source list',
    '<%= config.bin %> source list --type fixed --output csv --columns name,ra,dec',
  ];
  static override flags = {
    type: Flags.option({ options: SOURCE_TYPES, summary: 'Only sources of this type.' })(),
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<SourceView>> {
    const { flags } = this;
    const rows = await listSources(await this.client(), { type: flags.type as SourceType | undefined });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
