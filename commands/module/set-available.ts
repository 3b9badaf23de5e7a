import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { moduleLabel, setModuleAvailable, type ModuleView } from '../../src/services/instrument-modules.js';
import { describeAvailability } from '../../src/services/instruments.js';

export default class ModuleSetAvailable extends OpsCommand<typeof ModuleSetAvailable> {
  static override summary = 'Mark an instrument module available (true) or unavailable (false).';
  static override description = 'Setting the state it already has changes nothing.';
  static override examples = [
    '<%= config.bin %> module set-available LFA false --instrument CHAI --telescope FYST',
    '<%= config.bin %> module set-available LFA true --instrument CHAI --dry-run',
  ];
  static override args = {
    name: Args.string({ required: true, description: 'Module name' }),
    state: Args.string({ required: true, options: ['true', 'false'], description: 'true: available; false: not' }),
  };
  static override flags = {
    instrument: Flags.string({ summary: 'Instrument it belongs to; needed when the name is on several.' }),
    telescope: Flags.string({ summary: 'Telescope of the instrument; needed when the instrument name is on several.' }),
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<WriteResult<ModuleView>> {
    const { flags, args } = this;
    const result = await this.withEm((em) =>
      setModuleAvailable(
        em,
        { name: args.name, instrument: flags.instrument, telescope: flags.telescope },
        args.state === 'true',
        { dryRun: flags['dry-run'] },
      ),
    );
    this.done(describeAvailability(result, moduleLabel(result.item)));
    return result;
  }
}
