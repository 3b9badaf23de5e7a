import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateSubProgram, type SubProgramView } from '../../src/services/programs.js';

export default class ProgramUpdateSub extends OpsCommand<typeof ProgramUpdateSub> {
  static override summary = "Change a sub-programme's short name or name; shows before and after.";
  static override examples = [
    '<%= config.bin %> program update-sub GEco OrionA --name "Orion A molecular cloud"',
    '<%= config.bin %> program update-sub GEco OrionA --new-short-name OriA --dry-run',
  ];
  static override args = {
    program: Args.string({ required: true, description: 'Programme short name' }),
    sub: Args.string({ required: true, description: 'Sub-programme short name' }),
  };
  static override flags = {
    'new-short-name': Flags.string({ summary: 'Rename the sub-programme.' }),
    name: Flags.string({ summary: 'New full name.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<SubProgramView>> {
    const { flags, args } = this;
    const result = await this.withEm((em) =>
      updateSubProgram(
        em,
        args.program,
        args.sub,
        { newShortName: flags['new-short-name'], name: flags.name },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `sub-program '${args.sub}' of program '${args.program}'`, 'update');
    return result;
  }
}
