import { Args } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { showObsUnit, type ObsUnitView } from '../../src/services/obs-units.js';

export default class ObsUnitShow extends OpsCommand<typeof ObsUnitShow> {
  static override summary = 'Show an obs unit.';
  static override examples = [
    '<%= config.bin %> obs-unit show "Orion KL CO43"',
    '<%= config.bin %> obs-unit show "Orion KL CO43" --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'Obs unit name' }) };

  async run(): Promise<ObsUnitView> {
    const detail = await this.withEm((em) => showObsUnit(em, this.args.name));
    this.renderObject(detail);
    return detail;
  }
}
