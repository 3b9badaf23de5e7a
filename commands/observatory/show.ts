import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ObservatoryDetail } from '../../src/services/observatories.js';
import { showObservatory } from '../../src/views/registry/observatories.js';

export default class ObservatoryShow extends ReadCommand<typeof ObservatoryShow> {
  static override summary = 'Show an observatory with its telescopes.';
  static override examples = ['<%= config.bin %> observatory show "CCAT Observatory"'];
  static override args = { name: Args.string({ required: true, description: 'Observatory name' }) };

  async run(): Promise<ObservatoryDetail> {
    const detail = await showObservatory(await this.client(), this.args.name);
    this.renderObject(detail);
    return detail;
  }
}
