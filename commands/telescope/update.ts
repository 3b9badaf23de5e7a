import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateTelescope, type TelescopeView } from '../../src/services/telescopes.js';

export default class TelescopeUpdate extends OpsCommand<typeof TelescopeUpdate> {
  static override summary = 'Change a telescope; shows before and after.';
  static override examples = [
    '<%= config.bin %> telescope update FYST --altitude 5612',
    '<%= config.bin %> telescope update FYST --description "Fred Young Submillimeter Telescope" --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Telescope name' }) };
  static override flags = {
    'new-name': Flags.string({ summary: 'Rename the telescope.' }),
    observatory: Flags.string({ summary: 'Move it to another observatory.' }),
    description: Flags.string({ summary: 'New description.' }),
    latitude: Flags.string({ summary: 'Latitude in degrees (-90 to 90).' }),
    longitude: Flags.string({ summary: 'Longitude in degrees (-180 to 180).' }),
    altitude: Flags.string({ summary: 'Altitude in metres.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<TelescopeView>> {
    const { flags } = this;
    const changes = {
      newName: flags['new-name'],
      observatory: flags.observatory,
      description: flags.description,
      latitude: flags.latitude,
      longitude: flags.longitude,
      altitude: flags.altitude,
    };
    const result = await this.withEm((em) =>
      updateTelescope(em, this.args.name, changes, { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `telescope '${this.args.name}'`, 'update');
    return result;
  }
}
