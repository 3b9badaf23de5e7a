import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addObservatory, observatoryFields, type ObservatoryView } from '../../src/services/observatories.js';

export default class ObservatoryAdd extends OpsCommand<typeof ObservatoryAdd> {
  static override summary = 'Register an observatory.';
  static override examples = [
    '<%= config.bin %> observatory add --name "CCAT Observatory" --description "Operator of FYST"',
    '<%= config.bin %> observatory add   # asks for each value on a terminal',
  ];
  static override flags = {
    name: Flags.string({ summary: 'Unique name of the observatory.' }),
    description: Flags.string({ summary: 'Free-text description.' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<ObservatoryView> | undefined> {
    const input = await this.complete({ name: this.flags.name, description: this.flags.description }, [
      { flag: 'name', message: 'Observatory name', rule: observatoryFields.name },
      { flag: 'description', message: 'Description (optional)', optional: true, rule: observatoryFields.description },
    ]);
    if (!input) return this.declined();
    const result = await this.withEm((em) =>
      addObservatory(em, input as { name: string }, { dryRun: this.flags['dry-run'] }),
    );
    this.reportWrite(result, `observatory '${result.item.name}'`);
    return result;
  }
}
