import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { instrumentLabel, updateInstrument, type InstrumentView } from '../../src/services/instruments.js';

export default class InstrumentUpdate extends OpsCommand<typeof InstrumentUpdate> {
  static override summary = 'Change an instrument; shows before and after.';
  static override examples = [
    '<%= config.bin %> instrument update CHAI --telescope FYST --type heterodyne',
    '<%= config.bin %> instrument update CHAI --telescope FYST --new-name CHAI-2 --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Instrument name' }) };
  static override flags = {
    telescope: Flags.string({ summary: 'Telescope it is on; needed when the name is on several telescopes.' }),
    'new-name': Flags.string({ summary: 'Rename the instrument.' }),
    type: Flags.string({ summary: 'New instrument type.' }),
    description: Flags.string({ summary: 'New description.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<InstrumentView>> {
    const { flags } = this;
    const result = await this.withEm((em) =>
      updateInstrument(
        em,
        { name: this.args.name, telescope: flags.telescope },
        { newName: flags['new-name'], type: flags.type, description: flags.description },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, instrumentLabel({ ...result.item, name: this.args.name }), 'update');
    return result;
  }
}
