import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateSite, type SiteView } from '../../src/services/sites.js';

export default class SiteUpdate extends OpsCommand<typeof SiteUpdate> {
  static override summary = 'Change a site; shows before and after.';
  static override examples = [
    '<%= config.bin %> site update cologne --name "University of Cologne data centre"',
    '<%= config.bin %> site update cologne --description "Primary archive" --dry-run',
    '<%= config.bin %> site update ccat --geographic-location "Cerro Chajnantor, Chile"',
  ];
  static override args = { 'short-name': Args.string({ required: true, description: 'Site short name' }) };
  static override flags = {
    'new-short-name': Flags.string({ summary: 'Rename the short name (changes every SITE/NAME address).' }),
    name: Flags.string({ summary: 'New full name.' }),
    description: Flags.string({ summary: 'New description.' }),
    'geographic-location': Flags.string({
      summary: 'Where the site is on Earth (e.g. "Cerro Chajnantor, Chile"); not a storage location.',
    }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<SiteView>> {
    const { flags } = this;
    const changes = {
      newShortName: flags['new-short-name'],
      name: flags.name,
      description: flags.description,
      geographicLocation: flags['geographic-location'],
    };
    const result = await this.withEm((em) =>
      updateSite(em, this.args['short-name'], changes, { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `site '${this.args['short-name']}'`, 'update');
    return result;
  }
}
