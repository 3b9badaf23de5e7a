import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { formatBytes } from '../../src/output/bytes.js';
import { ITEM_COPY_COLUMNS } from '../../src/output/file-columns.js';
import { PACKAGE_ARCHIVE_COLUMNS, PACKAGE_TRANSFER_COLUMNS } from '../../src/output/package-columns.js';
import { describeIvoaMetadata } from '../../src/output/ivoa-metadata.js';
import { renderSection, withSizes } from '../../src/output/section.js';
import { showPackage, type PackageDetail } from '../../src/views/package-show.js';

export default class PackageShow extends ReadCommand<typeof PackageShow> {
  static override summary = 'Show a raw data package: IVOA metadata, groupings, copies and transfers.';
  static override description =
    'Copies include deleted ones. Transfers are those of the data transfer package (bundle) it travels in; archive transfers move it from a buffer to a long-term archive.';
  static override examples = [
    '<%= config.bin %> package show P1',
    '<%= config.bin %> package show 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f',
    '<%= config.bin %> package show P1 --json',
  ];
  static override args = {
    package: Args.string({ required: true, description: 'Raw data package name or id (see `package list`)' }),
  };

  async run(): Promise<PackageDetail> {
    const detail = await showPackage(await this.client(), this.args.package);
    const { copies, bundle, transfers, archiveTransfers, ivoaMetadata, ...fields } = detail;
    this.renderObject({
      ...withSizes(fields),
      ivoaMetadata: ivoaMetadata ? describeIvoaMetadata(ivoaMetadata) : null,
      bundle: bundle
        ? `${bundle.name} (${[bundle.status, formatBytes(bundle.sizeBytes), `retries ${bundle.retryCount}`].filter(Boolean).join(', ')})`
        : null,
    });
    if (!this.jsonEnabled()) {
      process.stdout.write(
        renderSection('Copies', copies, ITEM_COPY_COLUMNS) +
          renderSection(bundle ? `Transfers of ${bundle.name}` : 'Transfers', transfers, PACKAGE_TRANSFER_COLUMNS) +
          renderSection('Archive transfers', archiveTransfers, PACKAGE_ARCHIVE_COLUMNS),
      );
    }
    return detail;
  }
}
