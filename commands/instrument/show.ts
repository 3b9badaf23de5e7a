import { Args, Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { InstrumentDetail } from '../../src/services/instruments.js';
import { showInstrument } from '../../src/views/registry/instruments.js';

export default class InstrumentShow extends ReadCommand<typeof InstrumentShow> {
  static override summary = 'Show an instrument with its modules.';
  static override examples = [
    '<%= config.bin %> instrument show CHAI --telescope FYST',
    '<%= config.bin %> instrument show CHAI   # when only one telescope has an instrument of that name',
    '<%= config.bin %> instrument show CHAI --telescope FYST --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'Instrument name' }) };
  static override flags = {
    telescope: Flags.string({ summary: 'Telescope it is on; needed when the name is on several telescopes.' }),
  };

  async run(): Promise<InstrumentDetail> {
    const detail = await showInstrument(await this.client(), this.args.name, this.flags.telescope);
    const { modules, available, ...rest } = detail;
    this.renderObject({
      ...rest,
      available: available ? 'yes' : 'no',
      modules: modules.length ? modules.map(describeModule) : 'none',
    });
    return detail;
  }
}

function describeModule(m: InstrumentDetail['modules'][number]): string {
  const facts = [
    m.pixels === null ? undefined : `${m.pixels} px`,
    m.freqMin === null && m.freqMax === null ? undefined : `${m.freqMin ?? '?'}–${m.freqMax ?? '?'} GHz`,
    m.available ? undefined : 'unavailable',
  ].filter(Boolean);
  return facts.length ? `${m.name} (${facts.join(', ')})` : m.name;
}
