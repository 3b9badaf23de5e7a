import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateProgram, type ProgramView } from '../../src/services/programs.js';

export default class ProgramUpdate extends OpsCommand<typeof ProgramUpdate> {
  static override summary = 'Change an observing programme; shows before and after.';
  static override examples = [
    '<%= config.bin %> program update GEco --description "Galactic ecology survey"',
    '<%= config.bin %> program update GEco --name "Galactic Ecology Survey" --dry-run',
  ];
  static override args = { program: Args.string({ required: true, description: 'Programme short name' }) };
  static override flags = {
    'new-short-name': Flags.string({ summary: 'Rename the programme (its short name).' }),
    name: Flags.string({ summary: 'New full name.' }),
    description: Flags.string({ summary: 'New description.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<ProgramView>> {
    const { flags } = this;
    const result = await this.withEm((em) =>
      updateProgram(
        em,
        this.args.program,
        { newShortName: flags['new-short-name'], name: flags.name, description: flags.description },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `program '${this.args.program}'`, 'update');
    return result;
  }
}
