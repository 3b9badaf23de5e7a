import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateObsUnit, type ObsUnitView } from '../../src/services/obs-units.js';

export default class ObsUnitUpdate extends OpsCommand<typeof ObsUnitUpdate> {
  static override summary = 'Change an obs unit; shows before and after.';
  static override description =
    "Moving it to another --program drops its sub-programme unless --sub-program names one of the new programme's; --sub-program '' and --line '' remove them.";
  static override examples = [
    '<%= config.bin %> obs-unit update "Orion KL CO43" --priority 10',
    '<%= config.bin %> obs-unit update "Orion KL CO43" --obs-mode raster --line "" --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Obs unit name' }) };
  static override flags = {
    'new-name': Flags.string({ summary: 'Rename the obs unit.' }),
    program: Flags.string({ summary: 'Move it to another programme (short name).' }),
    'sub-program': Flags.string({ summary: "Sub-programme (short name); '' removes it." }),
    source: Flags.string({ summary: 'Another source (by name).' }),
    'obs-mode': Flags.string({ summary: 'Another obs mode (by name).' }),
    line: Flags.string({ summary: "Line id; '' removes it." }),
    priority: Flags.string({ summary: 'Priority (a whole number).' }),
    available: Flags.boolean({ allowNo: true, summary: 'Whether it may be scheduled.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<ObsUnitView>> {
    const { flags } = this;
    const changes = {
      newName: flags['new-name'],
      program: flags.program,
      subProgram: flags['sub-program'],
      source: flags.source,
      obsMode: flags['obs-mode'],
      line: flags.line,
      priority: flags.priority,
      available: flags.available,
    };
    const result = await this.withEm((em) => updateObsUnit(em, this.args.name, changes, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `obs unit '${this.args.name}'`, 'update');
    return result;
  }
}
