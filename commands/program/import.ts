import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeImport, type ImportResult } from '../../src/import/read-rows.js';
import { importPrograms } from '../../src/services/programs.js';

export default class ProgramImport extends OpsCommand<typeof ProgramImport> {
  static override summary = 'Import observing programmes and sub-programmes from YAML, all or nothing.';
  static override description = `The file is a YAML list like data/observing_programs.yaml:

  - short_name: GEco
    name: Galactic Ecology
    description: Galactic ecology survey.   # optional
    sub_programs:                           # optional
      - short_name: OrionA
        name: Orion A cloud

One bad entry rejects the whole file (nothing is written). What is already registered with the same values is left alone, so importing the same file again changes nothing.

Asks for confirmation before writing (after checking the whole file); --yes skips the question, for unattended use. Off a terminal, without --yes, it writes nothing and exits 2.`;
  static override examples = [
    '<%= config.bin %> program import programs.yaml --dry-run',
    '<%= config.bin %> program import programs.yaml',
    '<%= config.bin %> program import programs.yaml --yes',
  ];
  static override args = { file: Args.string({ required: true, description: 'YAML file (.yaml or .yml)' }) };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Check the file and show what would be created without writing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ImportResult | undefined> {
    const { file } = this.args;
    // Check the whole file and work out what would change first: a bad file fails (exit 2) before any question.
    const preview = await this.withEm((em) => importPrograms(em, file, { dryRun: true }));
    if (this.flags['dry-run']) {
      this.done(describeImport(preview, 'programs/sub-programs'));
      return preview;
    }
    if (preview.created.length === 0) {
      this.done(
        `Nothing to import from ${file}: 0 programs/sub-programs to create, ${preview.present.length} already present.`,
      );
      return { ...preview, dryRun: false };
    }
    if (!this.flags.yes) {
      this.notice(
        `${file}: ${preview.created.length} programs/sub-programs to create, ${preview.present.length} already present.`,
      );
    }
    if (
      !(await this.confirm(`Import ${preview.created.length} program(s)/sub-program(s) from ${file}?`, this.flags.yes))
    ) {
      return this.declined();
    }
    const result = await this.withEm((em) => importPrograms(em, file));
    this.done(describeImport(result, 'programs/sub-programs'));
    return result;
  }
}
