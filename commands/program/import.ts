import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeImport, type ImportResult } from '../../src/import/read-rows.js';
import { importPrograms } from '../../src/services/programs.js';

export default class ProgramImport extends OpsCommand<typeof ProgramImport> {
  static override summary = 'Import observing programmes (and sub-programmes) from a YAML file, all or nothing.';
  static override description = `The file is a YAML list like data/observing_programs.yaml:

  - short_name: GEco
    name: Galactic Ecology
    description: Galactic ecology survey.   # optional
    sub_programs:                           # optional
      - short_name: OrionA
        name: Orion A cloud

One bad entry rejects the whole file (nothing is written). What is already registered with the same
values is left alone, so importing the same file again changes nothing.`;
  static override examples = [
    '<%= config.bin %> program import programs.yaml --dry-run',
    '<%= config.bin %> program import programs.yaml',
  ];
  static override args = { file: Args.string({ required: true, description: 'YAML file (.yaml or .yml)' }) };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Check the file and show what would be created without writing.' }),
  };

  async run(): Promise<ImportResult> {
    const result = await this.withEm((em) => importPrograms(em, this.args.file, { dryRun: this.flags['dry-run'] }));
    this.done(describeImport(result, 'programs/sub-programs'));
    return result;
  }
}
