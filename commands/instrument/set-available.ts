import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import {
  describeAvailability,
  instrumentLabel,
  setInstrumentAvailable,
  type InstrumentView,
} from '../../src/services/instruments.js';

export default class InstrumentSetAvailable extends OpsCommand<typeof InstrumentSetAvailable> {
  static override summary = 'Mark an instrument available (true) or unavailable (false).';
  static override description = 'For commissioning and maintenance. Setting the state it already has changes nothing.';
  static override examples = [
    '<%= config.bin %> instrument set-available CHAI false --telescope FYST',
    '<%= config.bin %> instrument set-available CHAI true --telescope FYST --dry-run',
  ];
  static override args = {
    name: Args.string({ required: true, description: 'Instrument name' }),
    state: Args.string({ required: true, options: ['true', 'false'], description: 'true: available; false: not' }),
  };
  static override flags = {
    telescope: Flags.string({ summary: 'Telescope it is on; needed when the name is on several telescopes.' }),
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<WriteResult<InstrumentView>> {
    const { flags, args } = this;
    const result = await this.withEm((em) =>
      setInstrumentAvailable(em, { name: args.name, telescope: flags.telescope }, args.state === 'true', {
        dryRun: flags['dry-run'],
      }),
    );
    this.done(describeAvailability(result, instrumentLabel(result.item)));
    return result;
  }
}
