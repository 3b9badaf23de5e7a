import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addProgram, programFields, type ProgramView } from '../../src/services/programs.js';

export default class ProgramAdd extends OpsCommand<typeof ProgramAdd> {
  static override summary = 'Register an observing programme.';
  static override examples = [
    '<%= config.bin %> program add --short-name GEco --name "Galactic Ecology"',
    '<%= config.bin %> program add --short-name GEco --name "Galactic Ecology" --description "Survey" --dry-run',
    '<%= config.bin %> program add   # asks for each value on a terminal',
  ];
  static override flags = {
    'short-name': Flags.string({ summary: 'Unique short name (e.g. GEco); how commands refer to it.' }),
    name: Flags.string({ summary: 'Full name.' }),
    description: Flags.string({ summary: 'Free-text description.' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<ProgramView> | undefined> {
    const { flags } = this;
    const input = await this.complete({ ...flags }, [
      { flag: 'short-name', message: 'Short name', rule: programFields.shortName },
      { flag: 'name', message: 'Full name', rule: programFields.name },
      { flag: 'description', message: 'Description (optional)', optional: true, rule: programFields.description },
    ]);
    if (!input) return this.declined();
    const result = await this.withEm((em) =>
      addProgram(
        em,
        { shortName: input['short-name']!, name: input.name!, description: input.description },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `program '${result.item.shortName}'`);
    return result;
  }
}
