import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeImport, type ImportResult } from '../../src/import/read-rows.js';
import { importObsUnits } from '../../src/services/obs-units.js';

export default class ObsUnitImport extends OpsCommand<typeof ObsUnitImport> {
  static override summary = 'Import obs units from a YAML list or a CSV file, all or nothing.';
  static override description = `Fields (YAML keys or CSV header): name, program, source, obs_mode (required);
sub_program, line_id, priority, available (optional). Programmes, sources and obs modes are named by
their natural keys and must exist. Rows are numbered from 1 (after the CSV header).

One bad row rejects the whole file (nothing is written). Obs units already registered with the same
values are left alone, so importing the same file again changes nothing.`;
  static override examples = [
    '<%= config.bin %> obs-unit import obs-units.csv --dry-run',
    '<%= config.bin %> obs-unit import obs-units.yaml',
  ];
  static override args = {
    file: Args.string({ required: true, description: 'YAML (.yaml/.yml) or CSV (.csv) file' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Check the file and show what would be created without writing.' }),
  };

  async run(): Promise<ImportResult> {
    const result = await this.withEm((em) => importObsUnits(em, this.args.file, { dryRun: this.flags['dry-run'] }));
    this.done(describeImport(result, 'obs units'));
    return result;
  }
}
