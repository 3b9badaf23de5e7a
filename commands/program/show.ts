import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ProgramDetail } from '../../src/services/programs.js';
import { showProgram } from '../../src/views/registry/programs.js';

export default class ProgramShow extends ReadCommand<typeof ProgramShow> {
  static override summary = 'Show an observing programme with its sub-programmes and obs-unit count.';
  static override examples = ['<%= config.bin %> program show GEco', '<%= config.bin %> program show GEco --json'];
  static override args = { program: Args.string({ required: true, description: 'Programme short name' }) };

  async run(): Promise<ProgramDetail> {
    const detail = await showProgram(await this.client(), this.args.program);
    const { subPrograms, ...rest } = detail;
    this.renderObject({ ...rest, subPrograms: subPrograms.map((s) => `${s.shortName}: ${s.name}`) });
    return detail;
  }
}
