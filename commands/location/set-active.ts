import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { setLocationActive, type LocationView } from '../../src/services/locations.js';

export default class LocationSetActive extends OpsCommand<typeof LocationSetActive> {
  static override summary = 'Switch a storage location on (default) or off (--off).';
  static override description =
    'An inactive location is kept with everything recorded at it but is no longer used. Setting what is already so changes nothing.';
  static override examples = [
    '<%= config.bin %> location set-active ccat/buffer --off',
    '<%= config.bin %> location set-active ccat/buffer',
    '<%= config.bin %> location set-active ccat/buffer --off --dry-run',
  ];
  static override args = { location: Args.string({ required: true, description: 'Location as SITE/NAME' }) };
  static override flags = {
    off: Flags.boolean({ summary: 'Switch it off (inactive) instead of on.' }),
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<WriteResult<LocationView>> {
    const { flags } = this;
    const result = await this.withEm((em) =>
      setLocationActive(em, this.args.location, !flags.off, { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `location '${this.args.location}'`, 'update');
    return result;
  }
}
