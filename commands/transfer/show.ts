import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { formatBytes } from '../../src/output/bytes.js';
import { showTransfer, type TransferDetail } from '../../src/views/transfer-show.js';

export default class TransferShow extends ReadCommand<typeof TransferShow> {
  static override summary = 'Show one data transfer with its packages and log entries.';
  static override examples = ['<%= config.bin %> transfer show 81234', '<%= config.bin %> transfer show 81234 --json'];
  static override args = { id: Args.string({ required: true, description: 'Transfer id (see `transfer list`)' }) };

  async run(): Promise<TransferDetail> {
    const detail = await showTransfer(await this.client(), this.args.id);
    const { log, sizeBytes, bytesTransferred, ...rest } = detail;
    this.renderObject({
      ...rest,
      size: formatBytes(sizeBytes),
      transferred: formatBytes(bytesTransferred),
      log: log.map((l) => ({ at: l.createdAt, message: l.message, file: l.logPath })),
    });
    return detail;
  }
}
