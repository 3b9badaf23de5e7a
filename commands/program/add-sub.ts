import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addSubProgram, type SubProgramView } from '../../src/services/programs.js';

export default class ProgramAddSub extends OpsCommand<typeof ProgramAddSub> {
  static override summary = 'Add a sub-programme to an observing programme.';
  static override examples = [
    '<%= config.bin %> program add-sub GEco --short-name OrionA --name "Orion A cloud"',
    '<%= config.bin %> program add-sub GEco --short-name OrionA --name "Orion A cloud" --dry-run',
  ];
  static override args = { program: Args.string({ required: true, description: 'Programme short name' }) };
  static override flags = {
    'short-name': Flags.string({ summary: 'Short name, unique within the programme.' }),
    name: Flags.string({ summary: 'Full name.' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<SubProgramView> | undefined> {
    const { flags } = this;
    const input = await this.complete({ ...flags }, [
      { flag: 'short-name', message: 'Sub-programme short name' },
      { flag: 'name', message: 'Full name' },
    ]);
    if (!input) return this.declined();
    const result = await this.withEm((em) =>
      addSubProgram(
        em,
        { program: this.args.program, shortName: input['short-name']!, name: input.name! },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `sub-program '${result.item.shortName}' of program '${result.item.program}'`);
    return result;
  }
}
