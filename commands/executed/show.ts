import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { EXECUTED_PACKAGE_COLUMNS } from '../../src/output/executed-columns.js';
import { renderSection, withSizes } from '../../src/output/section.js';
import { showExecuted, type ExecutedDetail } from '../../src/views/executed-show.js';

export default class ExecutedShow extends ReadCommand<typeof ExecutedShow> {
  static override summary = 'Show one executed obs unit with its conditions, files and packages.';
  static override examples = [
    '<%= config.bin %> executed show 0b7c3a52-6a53-4c1e-9a8e-3f1e2d4c5b6a',
    '<%= config.bin %> executed show 0b7c3a52-6a53-4c1e-9a8e-3f1e2d4c5b6a --json',
  ];
  static override args = {
    id: Args.string({ required: true, description: 'Executed obs unit id (a UUID, see `executed list`)' }),
  };

  async run(): Promise<ExecutedDetail> {
    const detail = await showExecuted(await this.client(), this.args.id);
    const { packages, ...fields } = detail;
    this.renderObject(withSizes(fields, { fileBytes: 'fileSize' }));
    if (!this.jsonEnabled()) process.stdout.write(renderSection('Packages', packages, EXECUTED_PACKAGE_COLUMNS));
    return detail;
  }
}
