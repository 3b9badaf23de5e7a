import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeImport, type ImportResult } from '../../src/import/read-rows.js';
import { importSources } from '../../src/services/sources.js';

export default class SourceImport extends OpsCommand<typeof SourceImport> {
  static override summary = 'Import sources from a CSV (or YAML) file, all or nothing.';
  static override description = `A CSV file has a header row. Fixed sources need name, ra_deg, dec_deg:

  name,ra_deg,dec_deg
  Orion KL,83.81,-5.37

An optional type column (fixed, solar_system, constant_elevation; default fixed) allows the other types, with ephemeris_name, or ra_min_deg, ra_max_deg, dec_min_deg, dec_max_deg, elevation_deg. A YAML list with the same keys works too. Rows are numbered from 1 after the header.

One bad row rejects the whole file (nothing is written). Sources already registered with the same values are left alone, so importing the same file again changes nothing.

Asks for confirmation before writing (after checking the whole file); --yes skips the question, for unattended use. Off a terminal, without --yes, it writes nothing and exits 2.`;
  static override examples = [
    '<%= config.bin %> source import sources.csv --dry-run',
    '<%= config.bin %> source import sources.csv',
    '<%= config.bin %> source import sources.csv --yes',
  ];
  static override args = { file: Args.string({ required: true, description: 'CSV (.csv) or YAML (.yaml) file' }) };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Check the file and show what would be created without writing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ImportResult | undefined> {
    const { file } = this.args;
    // Check the whole file and work out what would change first: a bad file fails (exit 2) before any question.
    const preview = await this.withEm((em) => importSources(em, file, { dryRun: true }));
    if (this.flags['dry-run']) {
      this.done(describeImport(preview, 'sources'));
      return preview;
    }
    if (preview.created.length === 0) {
      this.done(`Nothing to import from ${file}: 0 sources to create, ${preview.present.length} already present.`);
      return { ...preview, dryRun: false };
    }
    if (!this.flags.yes) {
      this.notice(`${file}: ${preview.created.length} sources to create, ${preview.present.length} already present.`);
    }
    if (!(await this.confirm(`Import ${preview.created.length} source(s) from ${file}?`, this.flags.yes))) {
      return this.declined();
    }
    const result = await this.withEm((em) => importSources(em, file));
    this.done(describeImport(result, 'sources'));
    return result;
  }
}
