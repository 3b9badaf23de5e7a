import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addSite, siteFields, type SiteView } from '../../src/services/sites.js';

export default class SiteAdd extends OpsCommand<typeof SiteAdd> {
  static override summary = 'Register a site that holds data.';
  static override examples = [
    '<%= config.bin %> site add --short-name cologne --name "Cologne data centre"',
    '<%= config.bin %> site add --short-name cologne --name "Cologne data centre" --geographic-location "Cologne, Germany"',
    '<%= config.bin %> site add --short-name cologne --name "Cologne data centre" --dry-run',
    '<%= config.bin %> site add   # asks for each value on a terminal',
  ];
  static override flags = {
    'short-name': Flags.string({ summary: "Unique short name (ccat, cologne, us); how sites are addressed. No '/'." }),
    name: Flags.string({ summary: 'Full name of the site.' }),
    description: Flags.string({ summary: 'Free-text description.' }),
    'geographic-location': Flags.string({
      summary: 'Where the site is on Earth (e.g. "Cologne, Germany"); not a storage location.',
    }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<SiteView> | undefined> {
    const { flags } = this;
    const input = await this.complete(
      {
        'short-name': flags['short-name'],
        name: flags.name,
        description: flags.description,
        'geographic-location': flags['geographic-location'],
      },
      [
        { flag: 'short-name', message: 'Short name (e.g. cologne)', rule: siteFields.shortName },
        { flag: 'name', message: 'Full name', rule: siteFields.name },
        { flag: 'description', message: 'Description (optional)', optional: true, rule: siteFields.description },
        {
          flag: 'geographic-location',
          message: 'Geographic location, e.g. Cologne, Germany (optional)',
          optional: true,
          rule: siteFields.geographicLocation,
        },
      ],
    );
    if (!input) return this.declined();
    const result = await this.withEm((em) =>
      addSite(
        em,
        {
          shortName: input['short-name']!,
          name: input.name!,
          description: input.description,
          geographicLocation: input['geographic-location'],
        },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `site '${result.item.shortName}'`);
    return result;
  }
}
