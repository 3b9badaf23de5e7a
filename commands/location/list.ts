import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import { formatBytes } from '../../src/output/bytes.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listLocations, LOCATION_TYPES, STORAGE_TYPES, type LocationView } from '../../src/services/locations.js';
import { locationWhere } from '../../src/services/sites.js';

/** A location as listed: with `where` it keeps its data, in one phrase. */
type LocationRow = LocationView & { where: string };

const COLUMNS: Column<LocationRow>[] = [
  { key: 'site', essential: true, get: (l) => l.site },
  { key: 'name', essential: true, get: (l) => l.name },
  { key: 'type', get: (l) => l.type },
  { key: 'storage', get: (l) => l.storage },
  { key: 'active', get: (l) => l.active },
  { key: 'priority', get: (l) => l.priority },
  { key: 'where', text: true, get: (l) => l.where },
  { key: 'host', extra: true, drop: 2, get: (l) => l.host },
  { key: 'rootPath', extra: true, text: true, drop: 2, get: (l) => l.rootPath },
  { key: 'bucket', extra: true, get: (l) => l.bucket },
  { key: 'credentialsEnv', extra: true, drop: 2, get: (l) => l.credentialsEnv },
  { key: 'library', extra: true, get: (l) => l.library },
  { key: 'capacity', extra: true, get: (l) => l.capacity, format: formatBytes },
  { key: 'endpointUrl', extra: true, get: (l) => l.endpointUrl },
  { key: 'region', extra: true, get: (l) => l.region },
  { key: 'createdAt', extra: true, get: (l) => l.createdAt },
  { key: 'updatedAt', extra: true, get: (l) => l.updatedAt },
];

export default class LocationList extends ReadCommand<typeof LocationList> {
  static override summary = 'List storage locations.';
  static override columns = COLUMNS;
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

  async run(): Promise<ListPage<LocationRow>> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listLocations(em, {
        site: flags.site,
        locationType: flags.type,
        storageType: flags.storage,
        active: flags.active,
      }),
    );
    const listed = rows.map((l) => ({ ...l, where: locationWhere({ ...l, storageType: l.storage }) }));
    return this.renderRegistryList(listed, COLUMNS, this.flags);
  }
}
