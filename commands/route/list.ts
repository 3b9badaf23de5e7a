import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { RouteType, TransferMethod } from '../../entities/enums.js';
import type { RouteView } from '../../src/services/routes.js';
import { listRoutes } from '../../src/views/registry/routes.js';

const COLUMNS: Column<RouteView>[] = [
  { key: 'name', essential: true },
  { key: 'from' },
  { key: 'to' },
  { key: 'type' },
  { key: 'relay', drop: 2 },
  { key: 'method' },
  { key: 'active' },
  { key: 'fromLocation', drop: 2 },
  { key: 'toLocation', drop: 2 },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class RouteList extends ReadCommand<typeof RouteList> {
  static override summary = 'List transfer routes.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> route list',
    '<%= config.bin %> route list --from ccat --active',
    '<%= config.bin %> route list --to us --output csv --columns name,from,to',
  ];
  static override flags = {
    from: Flags.string({ summary: 'Only routes out of this site (short name).' }),
    to: Flags.string({ summary: 'Only routes into this site (short name).' }),
    type: Flags.option({ options: Object.values(RouteType), summary: 'Only routes of this type.' })(),
    method: Flags.option({ options: Object.values(TransferMethod), summary: 'Only routes using this method.' })(),
    active: Flags.boolean({ allowNo: true, summary: 'Only active (--active) or inactive (--no-active) routes.' }),
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<RouteView>> {
    const { flags } = this;
    const rows = await listRoutes(await this.client(), {
      from: flags.from,
      to: flags.to,
      routeType: flags.type,
      method: flags.method,
      active: flags.active,
    });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
