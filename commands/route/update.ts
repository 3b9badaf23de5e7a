import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { ROUTE_TYPES, TRANSFER_METHODS, updateRoute, type RouteView } from '../../src/services/routes.js';

export default class RouteUpdate extends OpsCommand<typeof RouteUpdate> {
  static override summary = 'Change a transfer route; shows before and after.';
  static override description =
    'A route changed to a type other than relay loses its relay site. To switch a route on or off use `route set-active`.';
  static override examples = [
    '<%= config.bin %> route update ccat_to_cologne --method rsync',
    '<%= config.bin %> route update ccat_to_us --type relay --relay cologne --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Route name' }) };
  static override flags = {
    'new-name': Flags.string({ summary: 'Rename the route.' }),
    from: Flags.string({ summary: 'Origin site (short name).' }),
    to: Flags.string({ summary: 'Destination site (short name).' }),
    type: Flags.option({ options: ROUTE_TYPES, summary: 'Route type.' })(),
    method: Flags.option({ options: TRANSFER_METHODS, summary: 'Transfer method.' })(),
    relay: Flags.string({ summary: 'Relay site (short name), for relay routes.' }),
    'from-location': Flags.string({ summary: 'Origin location as SITE/NAME.' }),
    'to-location': Flags.string({ summary: 'Destination location as SITE/NAME.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<RouteView>> {
    const { flags } = this;
    const changes = {
      newName: flags['new-name'],
      from: flags.from,
      to: flags.to,
      type: flags.type,
      method: flags.method,
      relay: flags.relay,
      fromLocation: flags['from-location'],
      toLocation: flags['to-location'],
    };
    const result = await this.withEm((em) => updateRoute(em, this.args.name, changes, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `route '${this.args.name}'`, 'update');
    return result;
  }
}
