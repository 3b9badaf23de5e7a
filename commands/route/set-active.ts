import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { setRouteActive, type RouteView } from '../../src/services/routes.js';

export default class RouteSetActive extends OpsCommand<typeof RouteSetActive> {
  static override summary = 'Switch a transfer route on (true) or off (false).';
  static override description = 'Setting what is already so changes nothing.';
  static override examples = [
    '<%= config.bin %> route set-active ccat_to_cologne false',
    '<%= config.bin %> route set-active ccat_to_cologne true',
    '<%= config.bin %> route set-active ccat_to_cologne false --dry-run',
  ];
  static override args = {
    name: Args.string({ required: true, description: 'Route name' }),
    state: Args.string({ required: true, options: ['true', 'false'], description: 'true: active; false: not' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<WriteResult<RouteView>> {
    const { flags, args } = this;
    const result = await this.withEm((em) =>
      setRouteActive(em, args.name, args.state === 'true', { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `route '${args.name}'`, 'update');
    return result;
  }
}
