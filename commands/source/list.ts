import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { SOURCE_TYPES, listSources, type SourceView } from '../../src/services/sources.js';
import type { SourceType } from '../../entities/enums.js';

const COLUMNS: Column<SourceView>[] = [
  { key: 'name', essential: true, get: (s) => s.name },
  { key: 'type', essential: true, get: (s) => s.type },
  { key: 'ra', unit: 'deg', get: (s) => s.ra },
  { key: 'dec', unit: 'deg', get: (s) => s.dec },
  { key: 'ephemeris', get: (s) => s.ephemeris },
  { key: 'raMin', unit: 'deg', get: (s) => s.raMin },
  { key: 'raMax', unit: 'deg', get: (s) => s.raMax },
  { key: 'decMin', unit: 'deg', get: (s) => s.decMin },
  { key: 'decMax', unit: 'deg', get: (s) => s.decMax },
  { key: 'elevation', unit: 'deg', get: (s) => s.elevation },
  { key: 'createdAt', extra: true, get: (s) => s.createdAt },
  { key: 'updatedAt', extra: true, get: (s) => s.updatedAt },
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
    const rows = await this.withEm((em) => listSources(em, { type: flags.type as SourceType | undefined }));
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
