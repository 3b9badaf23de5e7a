import { Args, Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ModuleView } from '../../src/services/instrument-modules.js';
import { showModule } from '../../src/views/registry/modules.js';

export default class ModuleShow extends ReadCommand<typeof ModuleShow> {
  static override summary = 'Show an instrument module.';
  static override examples = [
    '<%= config.bin %> module show LFA --instrument CHAI --telescope FYST',
    '<%= config.bin %> module show LFA   # when the name is unique',
    '<%= config.bin %> module show LFA --instrument CHAI --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'Module name' }) };
  static override flags = {
    instrument: Flags.string({ summary: 'Instrument it belongs to; needed when the name is on several.' }),
    telescope: Flags.string({ summary: 'Telescope of the instrument; needed when the instrument name is on several.' }),
  };

  async run(): Promise<ModuleView> {
    const { flags } = this;
    const m = await showModule(await this.client(), {
      name: this.args.name,
      instrument: flags.instrument,
      telescope: flags.telescope,
    });
    this.renderObject({ ...m, available: m.available ? 'yes' : 'no' });
    return m;
  }
}
