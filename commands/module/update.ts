import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { moduleLabel, updateModule, type ModuleView } from '../../src/services/instrument-modules.js';

export default class ModuleUpdate extends OpsCommand<typeof ModuleUpdate> {
  static override summary = 'Change an instrument module; shows before and after.';
  static override examples = [
    '<%= config.bin %> module update LFA --instrument CHAI --telescope FYST --pixels 64',
    '<%= config.bin %> module update LFA --instrument CHAI --freq-min 450 --freq-max 500 --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Module name' }) };
  static override flags = {
    instrument: Flags.string({ summary: 'Instrument it belongs to; needed when the name is on several.' }),
    telescope: Flags.string({ summary: 'Telescope of the instrument; needed when the instrument name is on several.' }),
    'new-name': Flags.string({ summary: 'Rename the module.' }),
    description: Flags.string({ summary: 'New description.' }),
    pixels: Flags.string({ summary: 'Number of pixels (a positive integer).' }),
    'freq-min': Flags.string({ summary: 'Lowest frequency in GHz.' }),
    'freq-max': Flags.string({ summary: 'Highest frequency in GHz.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<ModuleView>> {
    const { flags } = this;
    const changes = {
      newName: flags['new-name'],
      description: flags.description,
      pixels: flags.pixels,
      freqMin: flags['freq-min'],
      freqMax: flags['freq-max'],
    };
    const result = await this.withEm((em) =>
      updateModule(em, { name: this.args.name, instrument: flags.instrument, telescope: flags.telescope }, changes, {
        dryRun: flags['dry-run'],
      }),
    );
    this.reportWrite(result, moduleLabel({ ...result.item, name: this.args.name }), 'update');
    return result;
  }
}
