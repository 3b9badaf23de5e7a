import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { formatBytes } from '../../src/output/bytes.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listLocations, LOCATION_TYPES, STORAGE_TYPES, type LocationView } from '../../src/services/locations.js';
import { locationWhere } from '../../src/services/sites.js';

const COLUMNS: Column<LocationView>[] = [
  { key: 'site', header: 'Site', essential: true, get: (l) => l.site },
  { key: 'name', header: 'Name', essential: true, get: (l) => l.name },
  { key: 'locationType', header: 'Type', get: (l) => l.locationType },
  { key: 'storageType', header: 'Storage', get: (l) => l.storageType },
  { key: 'active', header: 'Active', get: (l) => l.active },
  { key: 'priority', header: 'Priority', get: (l) => l.priority },
  { key: 'where', header: 'Where', text: true, get: (l) => locationWhere(l) },
  { key: 'host', header: 'Host', drop: 2, get: (l) => l.host },
  { key: 'rootPath', header: 'Root path', text: true, drop: 2, get: (l) => l.rootPath },
  { key: 'bucket', header: 'Bucket', get: (l) => l.bucket },
  { key: 'credentialsEnv', header: 'Credentials env', drop: 2, get: (l) => l.credentialsEnv },
  { key: 'library', header: 'Library', get: (l) => l.library },
  { key: 'capacityBytes', header: 'Capacity', get: (l) => l.capacityBytes, format: formatBytes },
];
const DEFAULT_COLUMNS = ['site', 'name', 'locationType', 'storageType', 'active', 'priority', 'where'];

export default class LocationList extends ReadCommand<typeof LocationList> {
  static override summary = 'List storage locations.';
  static override examples = [
    '<%= config.bin %> location list',
    '<%= config.bin %> location list --site cologne --type long_term_archive',
    '<%= config.bin %> location list --storage disk --no-active --output json',
  ];
  static override flags = {
    site: Flags.string({ summary: 'Only locations at this site (short name).' }),
    type: Flags.option({ options: LOCATION_TYPES, summary: 'Only locations of this type.' })(),
    storage: Flags.option({ options: STORAGE_TYPES, summary: 'Only locations with this storage.' })(),
    active: Flags.boolean({ allowNo: true, summary: 'Only active (--active) or inactive (--no-active) locations.' }),
    ...sortAndLimitFlags(['site', 'name', 'priority', 'createdAt'], 'site'),
    ...outputFlags,
  };

  async run(): Promise<LocationView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listLocations(em, {
        site: flags.site,
        locationType: flags.type,
        storageType: flags.storage,
        active: flags.active,
        sort: orderBy(flags.sort),
        limit: flags.limit,
      }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(',') ?? DEFAULT_COLUMNS);
    return rows;
  }
}
