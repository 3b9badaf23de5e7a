import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateObservatory, type ObservatoryView } from '../../src/services/observatories.js';

export default class ObservatoryUpdate extends OpsCommand<typeof ObservatoryUpdate> {
  static override summary = 'Change an observatory; shows before and after.';
  static override examples = ['<%= config.bin %> observatory update "CCAT Observatory" --description "Operates FYST"'];
  static override args = { name: Args.string({ required: true, description: 'Observatory name' }) };
  static override flags = {
    'new-name': Flags.string({ summary: 'Rename the observatory.' }),
    description: Flags.string({ summary: 'New description.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<ObservatoryView>> {
    const { flags } = this;
    const result = await this.withEm((em) =>
      updateObservatory(
        em,
        this.args.name,
        { newName: flags['new-name'], description: flags.description },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `observatory '${this.args.name}'`, 'update');
    return result;
  }
}
