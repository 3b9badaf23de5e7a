import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { renderDetail } from '../../src/output/detail.js';
import { completeValues } from '../../src/prompts.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addModule, moduleLabel, type ModuleView } from '../../src/services/instrument-modules.js';
import { listInstruments } from '../../src/services/instruments.js';
import { listTelescopes } from '../../src/services/telescopes.js';

export default class ModuleAdd extends OpsCommand<typeof ModuleAdd> {
  static override summary = 'Register a module of an instrument (the unit that produces data files).';
  static override examples = [
    '<%= config.bin %> module add --telescope FYST --instrument CHAI --name LFA --pixels 64 --freq-min 455 --freq-max 495',
    '<%= config.bin %> module add --instrument CHAI --name HFA   # --telescope may be left out when CHAI is on one telescope',
    '<%= config.bin %> module add --telescope FYST --instrument CHAI --name LFA --dry-run',
    '<%= config.bin %> module add   # asks for each value on a terminal',
  ];
  static override flags = {
    telescope: Flags.string({ summary: 'Telescope of the instrument; needed when the instrument name is on several.' }),
    instrument: Flags.string({ summary: 'Instrument it belongs to (by name).' }),
    name: Flags.string({ summary: 'Module name, unique per instrument.' }),
    description: Flags.string({ summary: 'Free-text description.' }),
    pixels: Flags.string({ summary: 'Number of pixels (a positive integer).' }),
    'freq-min': Flags.string({ summary: 'Lowest frequency in GHz.' }),
    'freq-max': Flags.string({ summary: 'Highest frequency in GHz.' }),
    available: Flags.boolean({
      allowNo: true,
      summary: 'Operational (the default); --no-available while commissioning.',
    }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<ModuleView> | undefined> {
    const { flags } = this;
    // Asked in two steps: the instruments offered are those of the chosen telescope.
    const telescopes = this.canPrompt && !flags.telescope ? await this.withEm((em) => listTelescopes(em)) : [];
    const first = await completeValues(
      { ...flags },
      [
        {
          flag: 'telescope',
          message: 'Telescope',
          choices: telescopes.length ? telescopes.map((t) => t.name) : undefined,
          optional: true,
        },
      ],
      this.canPrompt,
    );
    const telescope = first.values.telescope as string | undefined;
    const instruments =
      this.canPrompt && !flags.instrument ? await this.withEm((em) => listInstruments(em, { telescope })) : [];
    const second = await completeValues(
      first.values,
      [
        {
          flag: 'instrument',
          message: 'Instrument',
          choices: instruments.length ? instruments.map((i) => i.name) : undefined,
        },
        { flag: 'name', message: 'Module name' },
        { flag: 'description', message: 'Description (optional)', optional: true },
        { flag: 'pixels', message: 'Number of pixels (optional)', optional: true },
        { flag: 'freq-min', message: 'Lowest frequency in GHz (optional)', optional: true },
        { flag: 'freq-max', message: 'Highest frequency in GHz (optional)', optional: true },
      ],
      this.canPrompt,
    );
    const input = second.values as typeof flags;
    if (first.asked || second.asked) {
      const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      process.stderr.write(`\nSummary:\n${renderDetail(given)}\n`);
      if (!(await this.confirm('Go ahead?', false))) return this.declined();
    }
    const result = await this.withEm((em) =>
      addModule(
        em,
        {
          telescope: input.telescope,
          instrument: input.instrument!,
          name: input.name!,
          description: input.description,
          pixels: this.number(input.pixels, 'pixels'),
          freqMinGhz: this.number(input['freq-min'], 'freq-min'),
          freqMaxGhz: this.number(input['freq-max'], 'freq-max'),
          available: input.available,
        },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, moduleLabel(result.item));
    return result;
  }
}
