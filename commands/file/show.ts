import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { ITEM_COPY_COLUMNS } from '../../src/output/file-columns.js';
import { renderSection, withSizes } from '../../src/output/section.js';
import { showFile, type FileDetail } from '../../src/views/file-show.js';

export default class FileShow extends ReadCommand<typeof FileShow> {
  static override summary = 'Show one raw data file with every physical copy of it.';
  static override description = 'Copies include deleted ones (with when they were deleted), oldest first.';
  static override examples = [
    '<%= config.bin %> file show 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f',
    '<%= config.bin %> file show 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f --json',
  ];
  static override args = {
    id: Args.string({ required: true, description: 'Raw data file id (a UUID, see `file list`)' }),
  };

  async run(): Promise<FileDetail> {
    const detail = await showFile(await this.client(), this.args.id);
    const { copies, ...fields } = detail;
    this.renderObject(withSizes(fields));
    if (!this.jsonEnabled()) process.stdout.write(renderSection('Copies', copies, ITEM_COPY_COLUMNS));
    return detail;
  }
}
