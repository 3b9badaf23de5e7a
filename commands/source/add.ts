import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { SOURCE_TYPES, addSource, sourceFields, type NewSource, type SourceView } from '../../src/services/sources.js';
import type { Question } from '../../src/prompts.js';
import { SourceType } from '../../entities/enums.js';

/** The coordinate flags, shared with `source update`. */
export const coordinateFlags = {
  ra: Flags.string({ summary: 'Fixed: right ascension (ICRS) in degrees, 0 to <360.' }),
  dec: Flags.string({ summary: 'Fixed: declination (ICRS) in degrees, -90 to 90.' }),
  ephemeris: Flags.string({ summary: 'Solar system: ephemeris name (e.g. Jupiter).' }),
  'ra-min': Flags.string({ summary: 'Constant elevation: lowest RA of the field in degrees.' }),
  'ra-max': Flags.string({ summary: 'Constant elevation: highest RA of the field in degrees.' }),
  'dec-min': Flags.string({ summary: 'Constant elevation: lowest Dec of the field in degrees.' }),
  'dec-max': Flags.string({ summary: 'Constant elevation: highest Dec of the field in degrees.' }),
  elevation: Flags.string({ summary: 'Constant elevation: elevation in degrees, 0 to 90.' }),
};

const QUESTIONS: Record<SourceType, Question[]> = {
  [SourceType.FIXED]: [
    { flag: 'ra', message: 'RA in degrees (0 to <360)', rule: sourceFields.ra },
    { flag: 'dec', message: 'Dec in degrees (-90 to 90)', rule: sourceFields.dec },
  ],
  [SourceType.SOLAR_SYSTEM]: [{ flag: 'ephemeris', message: 'Ephemeris name', rule: sourceFields.ephemeris }],
  [SourceType.CONSTANT_ELEVATION]: [
    { flag: 'ra-min', message: 'Lowest RA in degrees', rule: sourceFields.raMin },
    { flag: 'ra-max', message: 'Highest RA in degrees', rule: sourceFields.raMax },
    { flag: 'dec-min', message: 'Lowest Dec in degrees', rule: sourceFields.decMin },
    { flag: 'dec-max', message: 'Highest Dec in degrees', rule: sourceFields.decMax },
    { flag: 'elevation', message: 'Elevation in degrees (0 to 90)', rule: sourceFields.elevation },
  ],
};

export default class SourceAdd extends OpsCommand<typeof SourceAdd> {
  static override summary = 'Register an astronomical source (fixed, solar system, or constant elevation).';
  static override examples = [
    '<%= config.bin %> source add --name "Orion KL" --type fixed --ra 83.81 --dec -5.37',
    '<%= config.bin %> source add --name Jupiter --type solar_system --ephemeris Jupiter',
    '<%= config.bin %> source add --name "Deep field" --type constant_elevation --ra-min 10 --ra-max 20 --dec-min -40 --dec-max -30 --elevation 50',
    '<%= config.bin %> source add   # asks for each value on a terminal',
  ];
  static override flags = {
    name: Flags.string({ summary: 'Unique source name.' }),
    type: Flags.option({ options: SOURCE_TYPES, summary: 'Source type (default fixed; asked for on a terminal).' })(),
    ...coordinateFlags,
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<SourceView> | undefined> {
    const { flags } = this;
    const first = await this.completeType({ ...flags });
    if (!first) return this.declined();
    const input = first;
    const source: NewSource = {
      name: input.name!,
      type: input.type as SourceType,
      ra: input.ra,
      dec: input.dec,
      ephemeris: input.ephemeris,
      raMin: input['ra-min'],
      raMax: input['ra-max'],
      decMin: input['dec-min'],
      decMax: input['dec-max'],
      elevation: input.elevation,
    };
    const result = await this.withEm((em) => addSource(em, source, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `source '${result.item.name}'`);
    return result;
  }

  /** Asks for the name and type, then for the type's own coordinates (on a terminal). */
  private async completeType<V extends Record<string, unknown>>(values: V): Promise<V | undefined> {
    const type = (values.type as SourceType | undefined) ?? (this.canPrompt ? undefined : SourceType.FIXED);
    const questions: Question[] = [
      { flag: 'name', message: 'Source name', rule: sourceFields.name },
      { flag: 'type', message: 'Source type', choices: SOURCE_TYPES },
    ];
    if (type) return this.complete({ ...values, type }, [...questions, ...QUESTIONS[type]]);
    // The type decides what else to ask: ask name and type first, then the rest, then confirm once.
    const { completeValues } = await import('../../src/prompts.js');
    const { values: named } = await completeValues(values, questions, true);
    return this.complete(named as V, QUESTIONS[named.type as SourceType]);
  }
}
