import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import { formatBytes } from '../../src/output/bytes.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listLocations, LOCATION_TYPES, STORAGE_TYPES, type LocationView } from '../../src/services/locations.js';
import { locationWhere } from '../../src/services/sites.js';

const COLUMNS: Column<LocationView>[] = [
  { key: 'site', essential: true, get: (l) => l.site },
  { key: 'name', essential: true, get: (l) => l.name },
  { key: 'locationType', get: (l) => l.locationType },
  { key: 'storageType', get: (l) => l.storageType },
  { key: 'active', get: (l) => l.active },
  { key: 'priority', get: (l) => l.priority },
  { key: 'where', text: true, get: (l) => locationWhere(l) },
  { key: 'host', extra: true, drop: 2, get: (l) => l.host },
  { key: 'rootPath', extra: true, text: true, drop: 2, get: (l) => l.rootPath },
  { key: 'bucket', extra: true, get: (l) => l.bucket },
  { key: 'credentialsEnv', extra: true, drop: 2, get: (l) => l.credentialsEnv },
  { key: 'library', extra: true, get: (l) => l.library },
  { key: 'capacityBytes', extra: true, get: (l) => l.capacityBytes, format: formatBytes },
];

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
    ...sortAndLimitFlags(COLUMNS, 'site'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<LocationView>> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listLocations(em, {
        site: flags.site,
        locationType: flags.type,
        storageType: flags.storage,
        active: flags.active,
      }),
    );
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
