import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import { formatBytes } from '../../src/output/bytes.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { LOCATION_TYPES, STORAGE_TYPES } from '../../src/registry/location-types.js';
import type { LocationView } from '../../src/services/locations.js';
import { listLocations } from '../../src/views/registry/locations.js';
import { locationWhere } from '../../src/registry/location-where.js';

/** A location as listed: with `where` it keeps its data, in one phrase. */
type LocationRow = LocationView & { where: string };

const COLUMNS: Column<LocationRow>[] = [
  { key: 'site', essential: true },
  { key: 'name', essential: true },
  { key: 'type' },
  { key: 'storage' },
  { key: 'active' },
  { key: 'priority' },
  { key: 'where', text: true },
  { key: 'host', extra: true, drop: 2 },
  { key: 'rootPath', extra: true, text: true, drop: 2 },
  { key: 'bucket', extra: true },
  { key: 'credentialsEnv', extra: true, drop: 2 },
  { key: 'library', extra: true },
  { key: 'capacity', extra: true, format: formatBytes },
  { key: 'endpointUrl', extra: true },
  { key: 'region', extra: true },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
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
    const rows = await listLocations(await this.client(), {
      site: flags.site,
      type: flags.type,
      storage: flags.storage,
      active: flags.active,
    });
    const listed = rows.map((l) => ({ ...l, where: locationWhere({ ...l, storageType: l.storage }) }));
    return this.renderRegistryList(listed, COLUMNS, this.flags);
  }
}
