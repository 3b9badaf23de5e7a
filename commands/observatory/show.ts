import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { showObservatory, type ObservatoryDetail } from '../../src/services/observatories.js';

export default class ObservatoryShow extends ReadCommand<typeof ObservatoryShow> {
  static override summary = 'Show an observatory with its telescopes.';
  static override examples = ['<%= config.bin %> observatory show "CCAT Observatory"'];
  static override args = { name: Args.string({ required: true, description: 'Observatory name' }) };

  async run(): Promise<ObservatoryDetail> {
    const detail = await this.withEm((em) => showObservatory(em, this.args.name));
    this.renderObject(detail);
    return detail;
  }
}
