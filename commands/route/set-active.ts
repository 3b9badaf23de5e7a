import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { setRouteActive, type RouteView } from '../../src/services/routes.js';

export default class RouteSetActive extends OpsCommand<typeof RouteSetActive> {
  static override summary = 'Switch a transfer route on (default) or off (--off).';
  static override description = 'Setting what is already so changes nothing.';
  static override examples = [
    '<%= config.bin %> route set-active ccat_to_cologne --off',
    '<%= config.bin %> route set-active ccat_to_cologne',
    '<%= config.bin %> route set-active ccat_to_cologne --off --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Route name' }) };
  static override flags = {
    off: Flags.boolean({ summary: 'Switch it off (inactive) instead of on.' }),
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<WriteResult<RouteView>> {
    const { flags } = this;
    const result = await this.withEm((em) =>
      setRouteActive(em, this.args.name, !flags.off, { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `route '${this.args.name}'`, 'update');
    return result;
  }
}
