import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { observatoryNames } from '../../src/services/observatories.js';
import { addTelescope, telescopeFields, type NewTelescope, type TelescopeView } from '../../src/services/telescopes.js';

export default class TelescopeAdd extends OpsCommand<typeof TelescopeAdd> {
  static override summary = 'Register a telescope under an observatory.';
  static override examples = [
    '<%= config.bin %> telescope add --name FYST --observatory "CCAT Observatory" --latitude -22.986 --longitude -67.740 --altitude 5600',
    '<%= config.bin %> telescope add --name FYST --observatory "CCAT Observatory" --dry-run',
    '<%= config.bin %> telescope add   # asks for each value on a terminal',
  ];
  static override flags = {
    name: Flags.string({ summary: 'Unique telescope name.' }),
    observatory: Flags.string({ summary: 'Observatory it belongs to (by name).' }),
    description: Flags.string({ summary: 'Free-text description.' }),
    latitude: Flags.string({ summary: 'Latitude in degrees (-90 to 90).' }),
    longitude: Flags.string({ summary: 'Longitude in degrees (-180 to 180).' }),
    altitude: Flags.string({ summary: 'Altitude in metres.' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<TelescopeView> | undefined> {
    const { flags } = this;
    const observatories = this.canPrompt && !flags.observatory ? await this.withEm((em) => observatoryNames(em)) : [];
    const rule = telescopeFields;
    const input = await this.complete({ ...flags }, [
      { flag: 'name', message: 'Telescope name', rule: rule.name },
      {
        flag: 'observatory',
        message: 'Observatory',
        choices: observatories,
        rule: rule.observatory,
      },
      { flag: 'description', message: 'Description (optional)', optional: true, rule: rule.description },
      { flag: 'latitude', message: 'Latitude in degrees (optional)', optional: true, rule: rule.latitude },
      { flag: 'longitude', message: 'Longitude in degrees (optional)', optional: true, rule: rule.longitude },
      { flag: 'altitude', message: 'Altitude in metres (optional)', optional: true, rule: rule.altitude },
    ]);
    if (!input) return this.declined();
    const telescope: NewTelescope = {
      name: input.name!,
      observatory: input.observatory!,
      description: input.description,
      latitude: input.latitude,
      longitude: input.longitude,
      altitude: input.altitude,
    };
    const result = await this.withEm((em) => addTelescope(em, telescope, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `telescope '${result.item.name}'`);
    return result;
  }
}
