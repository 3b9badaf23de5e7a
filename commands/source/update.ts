import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { SOURCE_TYPES, updateSource, type SourceView } from '../../src/services/sources.js';
import type { SourceType } from '../../entities/enums.js';
import { coordinateFlags } from './add.js';

export default class SourceUpdate extends OpsCommand<typeof SourceUpdate> {
  static override summary = 'Change a source; shows before and after.';
  static override description =
    "Changing --type needs the new type's coordinates (e.g. --type fixed --ra 10 --dec 20) and clears the old ones.";
  static override examples = [
    '<%= config.bin %> source update "Orion KL" --ra 83.822 --dec -5.391',
    '<%= config.bin %> source update "Orion KL" --new-name "Orion-KL" --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Source name' }) };
  static override flags = {
    'new-name': Flags.string({ summary: 'Rename the source.' }),
    type: Flags.option({ options: SOURCE_TYPES, summary: 'Change the source type.' })(),
    ...coordinateFlags,
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<SourceView>> {
    const { flags } = this;
    const changes = {
      newName: flags['new-name'],
      type: flags.type as SourceType | undefined,
      ra: flags.ra,
      dec: flags.dec,
      ephemeris: flags.ephemeris,
      raMin: flags['ra-min'],
      raMax: flags['ra-max'],
      decMin: flags['dec-min'],
      decMax: flags['dec-max'],
      elevation: flags.elevation,
    };
    const result = await this.withEm((em) => updateSource(em, this.args.name, changes, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `source '${this.args.name}'`, 'update');
    return result;
  }
}
