import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeImport, type ImportResult } from '../../src/import/read-rows.js';
import { importObsUnits } from '../../src/services/obs-units.js';

export default class ObsUnitImport extends OpsCommand<typeof ObsUnitImport> {
  static override summary = 'Import obs units from a YAML list or a CSV file, all or nothing.';
  static override description = `Fields (YAML keys or CSV header): name, program, source, obs_mode (required); sub_program, line_id, priority, available (optional). Programmes, sources and obs modes are named by their natural keys and must exist. Rows are numbered from 1 (after the CSV header).

One bad row rejects the whole file (nothing is written). Obs units already registered with the same values are left alone, so importing the same file again changes nothing.

Asks for confirmation before writing (after checking the whole file); --yes skips the question, for unattended use. Off a terminal, without --yes, it writes nothing and exits 2.`;
  static override examples = [
    '<%= config.bin %> obs-unit import obs-units.csv --dry-run',
    '<%= config.bin %> obs-unit import obs-units.yaml',
    '<%= config.bin %> obs-unit import obs-units.yaml --yes',
  ];
  static override args = {
    file: Args.string({ required: true, description: 'YAML (.yaml/.yml) or CSV (.csv) file' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Check the file and show what would be created without writing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ImportResult | undefined> {
    const { file } = this.args;
    // Check the whole file and work out what would change first: a bad file fails (exit 2) before any question.
    const preview = await this.withEm((em) => importObsUnits(em, file, { dryRun: true }));
    if (this.flags['dry-run']) {
      this.done(describeImport(preview, 'obs units'));
      return preview;
    }
    if (preview.created.length === 0) {
      this.done(`Nothing to import from ${file}: 0 obs units to create, ${preview.present.length} already present.`);
      return { ...preview, dryRun: false };
    }
    if (!this.flags.yes) {
      this.notice(`${file}: ${preview.created.length} obs units to create, ${preview.present.length} already present.`);
    }
    if (!(await this.confirm(`Import ${preview.created.length} obs unit(s) from ${file}?`, this.flags.yes))) {
      return this.declined();
    }
    const result = await this.withEm((em) => importObsUnits(em, file));
    this.done(describeImport(result, 'obs units'));
    return result;
  }
}
