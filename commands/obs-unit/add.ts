import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import {
  addObsUnit,
  obsModeNames,
  obsUnitFields,
  type NewObsUnit,
  type ObsUnitView,
} from '../../src/services/obs-units.js';
import { programNames } from '../../src/services/programs.js';
import { sourceNames } from '../../src/services/sources.js';

export default class ObsUnitAdd extends OpsCommand<typeof ObsUnitAdd> {
  static override summary = 'Register an obs unit: a source observed in an obs mode for a programme.';
  static override examples = [
    '<%= config.bin %> obs-unit add --name "Orion KL CO43" --program GEco --source "Orion KL" --obs-mode otf --line CO43',
    '<%= config.bin %> obs-unit add --name "Orion KL CO43" --program GEco --sub-program OrionA --source "Orion KL" --obs-mode otf --priority 5 --dry-run',
    '<%= config.bin %> obs-unit add   # asks for each value on a terminal',
  ];
  static override flags = {
    name: Flags.string({ summary: 'Unique obs unit name.' }),
    program: Flags.string({ summary: 'Observing programme (short name).' }),
    'sub-program': Flags.string({ summary: 'Sub-programme of that programme (short name).' }),
    source: Flags.string({ summary: 'Source (by name).' }),
    'obs-mode': Flags.string({ summary: 'Obs mode (by name, e.g. otf, pointing, raster).' }),
    line: Flags.string({ summary: 'Line id (e.g. CO43).' }),
    priority: Flags.string({ summary: 'Priority (a whole number; default 0).' }),
    available: Flags.boolean({ allowNo: true, summary: 'Whether it may be scheduled (default: available).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<ObsUnitView> | undefined> {
    const { flags } = this;
    const ask = this.canPrompt && (!flags.program || !flags.source || !flags['obs-mode']);
    const choices = ask
      ? await this.withEm(async (em) => ({
          programs: await programNames(em),
          sources: await sourceNames(em),
          modes: await obsModeNames(em),
        }))
      : { programs: [], sources: [], modes: [] };
    const rule = obsUnitFields;
    const input = await this.complete({ ...flags }, [
      { flag: 'name', message: 'Obs unit name', rule: rule.name },
      {
        flag: 'program',
        message: 'Programme',
        choices: choices.programs.length ? choices.programs : undefined,
        rule: rule.program,
      },
      { flag: 'sub-program', message: 'Sub-programme (optional)', optional: true, rule: rule.subProgram },
      {
        flag: 'source',
        message: 'Source',
        choices: choices.sources.length ? choices.sources : undefined,
        rule: rule.source,
      },
      {
        flag: 'obs-mode',
        message: 'Obs mode',
        choices: choices.modes.length ? choices.modes : undefined,
        rule: rule.obsMode,
      },
      { flag: 'line', message: 'Line id (optional)', optional: true, rule: rule.line },
      { flag: 'priority', message: 'Priority (optional)', optional: true, rule: rule.priority },
    ]);
    if (!input) return this.declined();
    const unit: NewObsUnit = {
      name: input.name!,
      program: input.program!,
      subProgram: input['sub-program'],
      source: input.source!,
      obsMode: input['obs-mode']!,
      line: input.line,
      priority: input.priority,
      available: input.available,
    };
    const result = await this.withEm((em) => addObsUnit(em, unit, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `obs unit '${result.item.name}'`);
    return result;
  }
}
