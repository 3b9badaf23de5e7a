import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listRoutes, ROUTE_TYPES, TRANSFER_METHODS, type RouteView } from '../../src/services/routes.js';

const COLUMNS: Column<RouteView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (r) => r.name },
  { key: 'from', header: 'From', get: (r) => r.from },
  { key: 'to', header: 'To', get: (r) => r.to },
  { key: 'routeType', header: 'Type', get: (r) => r.routeType },
  { key: 'relay', header: 'Relay', drop: 2, get: (r) => r.relay },
  { key: 'method', header: 'Method', get: (r) => r.method },
  { key: 'active', header: 'Active', get: (r) => r.active },
  { key: 'fromLocation', header: 'From location', drop: 2, get: (r) => r.fromLocation },
  { key: 'toLocation', header: 'To location', drop: 2, get: (r) => r.toLocation },
];

export default class RouteList extends ReadCommand<typeof RouteList> {
  static override summary = 'List transfer routes.';
  static override examples = [
    '<%= config.bin %> route list',
    '<%= config.bin %> route list --from ccat --active',
    '<%= config.bin %> route list --to us --output csv --columns name,from,to',
  ];
  static override flags = {
    from: Flags.string({ summary: 'Only routes out of this site (short name).' }),
    to: Flags.string({ summary: 'Only routes into this site (short name).' }),
    type: Flags.option({ options: ROUTE_TYPES, summary: 'Only routes of this type.' })(),
    method: Flags.option({ options: TRANSFER_METHODS, summary: 'Only routes using this method.' })(),
    active: Flags.boolean({ allowNo: true, summary: 'Only active (--active) or inactive (--no-active) routes.' }),
    ...sortAndLimitFlags(['name', 'createdAt'], 'name'),
    ...outputFlags,
  };

  async run(): Promise<RouteView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listRoutes(em, {
        from: flags.from,
        to: flags.to,
        routeType: flags.type,
        method: flags.method,
        active: flags.active,
        sort: orderBy(flags.sort),
        limit: flags.limit,
      }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
