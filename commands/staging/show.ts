import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { renderSection, withSizes } from '../../src/output/section.js';
import { STAGING_PACKAGE_COLUMNS } from '../../src/output/staging-columns.js';
import { showStagingJob, type StagingJobDetail } from '../../src/staging/staging-jobs.js';

export default class StagingShow extends ReadCommand<typeof StagingShow> {
  static override summary = 'Show a staging job with every package’s status, size and progress.';
  static override examples = ['<%= config.bin %> staging show 42', '<%= config.bin %> staging show 42 --json'];
  static override args = { id: Args.string({ required: true, description: 'Staging job id (see `staging list`)' }) };

  async run(): Promise<StagingJobDetail> {
    const job = await showStagingJob(await this.client(), this.args.id);
    const { packageList, ...fields } = job;
    this.renderObject(withSizes(fields, { sizeBytes: 'size', bytesTransferred: 'staged' }));
    if (!this.jsonEnabled()) process.stdout.write(renderSection('Packages', packageList, STAGING_PACKAGE_COLUMNS));
    return job;
  }
}
