import { Args } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { writeLocationMarker, type MarkerWrite } from '../../src/services/locations.js';

export default class LocationWriteMarker extends OpsCommand<typeof LocationWriteMarker> {
  static override summary = "Write the identity marker at a disk location's root (new storage).";
  static override description = `Audits and file registrations check that a disk location's root is its storage: it carries the marker file .ccat-ops-location naming the location. Location add, file register and the first audit that finds the location's copies there write it by themselves. Write it with this command when the location's storage really is new (empty, or replaced) while the database still holds copies there — audits refuse such a root (exit 69) as they refuse a storage that is not mounted. Run it on the host where the storage is mounted. Never overwrites a marker: another location's is refused (exit 1).`;
  static override examples = ['<%= config.bin %> location write-marker cologne/buffer'];
  static override args = {
    location: Args.string({ required: true, description: 'Disk location as SITE/NAME' }),
  };

  async run(): Promise<MarkerWrite> {
    const result = await this.withEm((em) => writeLocationMarker(em, this.args.location));
    this.done(
      result.written
        ? `Wrote the marker of ${result.location} at ${result.path}.`
        : `${result.path} already marks ${result.location}; nothing to do.`,
    );
    return result;
  }
}
