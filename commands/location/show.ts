import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { LocationView } from '../../src/services/locations.js';
import { showLocation } from '../../src/views/registry/locations.js';

export default class LocationShow extends ReadCommand<typeof LocationShow> {
  static override summary = 'Show a storage location.';
  static override examples = [
    '<%= config.bin %> location show ccat/buffer',
    '<%= config.bin %> location show cologne/lta --json',
  ];
  static override args = { location: Args.string({ required: true, description: 'Location as SITE/NAME' }) };

  async run(): Promise<LocationView> {
    const location = await showLocation(await this.client(), this.args.location);
    this.renderObject(location);
    return location;
  }
}
