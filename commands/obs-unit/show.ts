import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { observationConfigurationFields } from '../../src/output/observation-configuration.js';
import type { ObsUnitDetail } from '../../src/services/obs-units.js';
import { showObsUnit } from '../../src/views/registry/obs-units.js';

export default class ObsUnitShow extends ReadCommand<typeof ObsUnitShow> {
  static override summary = 'Show an obs unit with its observation configuration.';
  static override description =
    'For a CHAI configuration: its INPAR set (line, LO, sideband, IF), its map tile and the module configurations of the arrays it uses.';
  static override examples = [
    '<%= config.bin %> obs-unit show "Orion KL CO43"',
    '<%= config.bin %> obs-unit show "Orion KL CO43" --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'Obs unit name' }) };

  async run(): Promise<ObsUnitDetail> {
    const detail = await showObsUnit(await this.client(), this.args.name);
    const { observationConfiguration, ...fields } = detail;
    this.renderObject({ ...fields, ...observationConfigurationFields(observationConfiguration) });
    return detail;
  }
}
