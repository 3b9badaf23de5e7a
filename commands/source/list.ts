import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { SOURCE_TYPES, listSources, type SourceView } from '../../src/services/sources.js';
import type { SourceType } from '../../entities/enums.js';

const COLUMNS: Column<SourceView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (s) => s.name },
  { key: 'type', header: 'Type', essential: true, get: (s) => s.type },
  { key: 'raDeg', header: 'RA (deg)', get: (s) => s.raDeg },
  { key: 'decDeg', header: 'Dec (deg)', get: (s) => s.decDeg },
  { key: 'ephemerisName', header: 'Ephemeris', get: (s) => s.ephemerisName },
  { key: 'raMinDeg', header: 'RA min', get: (s) => s.raMinDeg },
  { key: 'raMaxDeg', header: 'RA max', get: (s) => s.raMaxDeg },
  { key: 'decMinDeg', header: 'Dec min', get: (s) => s.decMinDeg },
  { key: 'decMaxDeg', header: 'Dec max', get: (s) => s.decMaxDeg },
  { key: 'elevationDeg', header: 'Elevation', get: (s) => s.elevationDeg },
];

export default class SourceList extends ReadCommand<typeof SourceList> {
  static override summary = 'List sources.';
  static override examples = [
    '<%= config.bin %> source list',
    '<%= config.bin %> source list --type fixed --output csv --columns name,raDeg,decDeg',
  ];
  static override flags = {
    type: Flags.option({ options: SOURCE_TYPES, summary: 'Only sources of this type.' })(),
    ...sortAndLimitFlags(['name', 'type', 'createdAt'], 'name'),
    ...outputFlags,
  };

  async run(): Promise<SourceView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listSources(em, { type: flags.type as SourceType | undefined, sort: orderBy(flags.sort), limit: flags.limit }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
