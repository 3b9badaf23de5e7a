import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkGiven, completeValues, type Question } from '../../src/prompts.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addModule, moduleFields, moduleLabel, type ModuleView } from '../../src/services/instrument-modules.js';
import { instrumentNames, instrumentTelescopes } from '../../src/services/instruments.js';
import { telescopeNames } from '../../src/services/telescopes.js';

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
    const { 'dry-run': dryRun, ...given } = flags;
    const rule = moduleFields;
    const details: Question[] = [
      { flag: 'name', message: 'Module name', rule: rule.name },
      { flag: 'description', message: 'Description (optional)', optional: true, rule: rule.description },
      { flag: 'pixels', message: 'Number of pixels (optional)', optional: true, rule: rule.pixels },
      { flag: 'freq-min', message: 'Lowest frequency in GHz (optional)', optional: true, rule: rule.freqMin },
      { flag: 'freq-max', message: 'Highest frequency in GHz (optional)', optional: true, rule: rule.freqMax },
    ];
    const instrument: Question = { flag: 'instrument', message: 'Instrument', rule: rule.instrument };
    checkGiven(given, [instrument, ...details], this.canPrompt);
    // The telescope is asked first, so the instruments offered are those on it; a given instrument
    // settles it instead (asked only when the instrument's name is on several telescopes).
    const telescopes =
      !this.canPrompt || given.telescope ? [] : await this.withEm((em) => telescopeChoices(em, given.instrument));
    if (given.instrument && telescopes.length === 1) given.telescope = telescopes[0];
    const first = await completeValues(
      given,
      [
        {
          flag: 'telescope',
          message: 'Telescope',
          choices: telescopes.length ? telescopes : undefined,
          optional: true,
        },
      ],
      this.canPrompt,
    );
    const telescope = first.values.telescope as string | undefined;
    const instruments =
      this.canPrompt && !given.instrument ? await this.withEm((em) => instrumentNames(em, telescope)) : [];
    if (instruments.length) instrument.choices = instruments;
    const second = await completeValues(first.values, [instrument, ...details], this.canPrompt);
    const input = second.values as typeof given;
    const fields = ['telescope', 'instrument', ...details.map((q) => q.flag), 'available'];
    if ((first.asked || second.asked) && !(await this.confirmSummary(input, fields))) return this.declined();
    const result = await this.withEm((em) =>
      addModule(
        em,
        {
          telescope: input.telescope,
          instrument: input.instrument!,
          name: input.name!,
          description: input.description,
          pixels: input.pixels,
          freqMin: input['freq-min'],
          freqMax: input['freq-max'],
          available: input.available,
        },
        { dryRun },
      ),
    );
    this.reportWrite(result, moduleLabel(result.item));
    return result;
  }
}

/** The telescopes to choose from: those the given instrument is on (exit 4 when it is unknown), else all. */
async function telescopeChoices(em: EntityManager, instrument: string | undefined): Promise<string[]> {
  if (instrument !== undefined) return instrumentTelescopes(em, instrument);
  return telescopeNames(em);
}
