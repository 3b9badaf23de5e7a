import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { setLocationActive, type LocationView } from '../../src/services/locations.js';

export default class LocationSetActive extends OpsCommand<typeof LocationSetActive> {
  static override summary = 'Switch a storage location on (true) or off (false).';
  static override description =
    'An inactive location is kept with everything recorded at it but is no longer used. Setting what is already so changes nothing.';
  static override examples = [
    '<%= config.bin %> location set-active ccat/buffer false',
    '<%= config.bin %> location set-active ccat/buffer true',
    '<%= config.bin %> location set-active ccat/buffer false --dry-run',
  ];
  static override args = {
    location: Args.string({ required: true, description: 'Location as SITE/NAME' }),
    state: Args.string({ required: true, options: ['true', 'false'], description: 'true: active; false: not' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<WriteResult<LocationView>> {
    const { flags, args } = this;
    const result = await this.withEm((em) =>
      setLocationActive(em, args.location, args.state === 'true', { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `location '${args.location}'`, 'update');
    return result;
  }
}
