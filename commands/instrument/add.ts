import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { Question } from '../../src/prompts.js';
import { requireKnown } from '../../src/registry/lookup.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import {
  addInstrument,
  instrumentFields,
  instrumentLabel,
  type InstrumentView,
} from '../../src/services/instruments.js';
import { telescopeNames } from '../../src/services/telescopes.js';

export default class InstrumentAdd extends OpsCommand<typeof InstrumentAdd> {
  static override summary = 'Register an instrument on a telescope.';
  static override examples = [
    '<%= config.bin %> instrument add --telescope FYST --name CHAI --type heterodyne',
    '<%= config.bin %> instrument add --telescope FYST --name Prime-Cam --type "continuum camera" --no-available',
    '<%= config.bin %> instrument add --telescope FYST --name CHAI --type heterodyne --dry-run',
    '<%= config.bin %> instrument add   # asks for each value on a terminal',
  ];
  static override flags = {
    telescope: Flags.string({ summary: 'Telescope it is on (by name).' }),
    name: Flags.string({ summary: 'Instrument name, unique per telescope.' }),
    type: Flags.string({ summary: 'Instrument type, e.g. heterodyne, continuum camera, spectrometer.' }),
    description: Flags.string({ summary: 'Free-text description.' }),
    available: Flags.boolean({
      allowNo: true,
      summary: 'Installed and operational (the default); --no-available while commissioning.',
    }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<InstrumentView> | undefined> {
    const { flags } = this;
    const rule = instrumentFields;
    const telescopes = this.canPrompt ? await this.withEm((em) => telescopeNames(em)) : [];
    if (this.canPrompt) requireKnown('telescope', flags.telescope, telescopes, 'telescope list');
    const questions: Question[] = [
      {
        flag: 'telescope',
        message: 'Telescope',
        choices: telescopes.length ? telescopes : undefined,
        rule: rule.telescope,
      },
      { flag: 'name', message: 'Instrument name', rule: rule.name },
      { flag: 'type', message: 'Instrument type (e.g. heterodyne, continuum camera, spectrometer)', rule: rule.type },
      { flag: 'description', message: 'Description (optional)', optional: true, rule: rule.description },
    ];
    const input = await this.complete({ ...flags }, questions, [...questions.map((q) => q.flag), 'available']);
    if (!input) return this.declined();
    const result = await this.withEm((em) =>
      addInstrument(
        em,
        {
          telescope: input.telescope!,
          name: input.name!,
          type: input.type!,
          description: input.description,
          available: input.available,
        },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, instrumentLabel(result.item));
    return result;
  }
}
