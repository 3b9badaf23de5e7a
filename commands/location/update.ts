import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { LOCATION_TYPES, STORAGE_TYPES } from '../../src/registry/location-types.js';
import { updateLocation, type LocationView } from '../../src/services/locations.js';

export default class LocationUpdate extends OpsCommand<typeof LocationUpdate> {
  static override summary = 'Change a storage location; shows before and after.';
  static override description = 'To switch a location on or off use `location set-active`.';
  static override examples = [
    '<%= config.bin %> location update ccat/buffer --priority 2',
    '<%= config.bin %> location update cologne/lta --bucket ccat-lta-2 --dry-run',
    '<%= config.bin %> location update ccat/buffer --capacity 40TB',
    '<%= config.bin %> location update ccat/buffer --capacity none',
  ];
  static override args = { location: Args.string({ required: true, description: 'Location as SITE/NAME' }) };
  static override flags = {
    'new-name': Flags.string({ summary: 'Rename the location (within its site).' }),
    type: Flags.option({ options: LOCATION_TYPES, summary: 'What the location is for.' })(),
    storage: Flags.option({ options: STORAGE_TYPES, summary: 'Kind of storage.' })(),
    host: Flags.string({ summary: 'Disk: the host serving it.' }),
    'root-path': Flags.string({ summary: 'Disk or tape: absolute root path.' }),
    'endpoint-url': Flags.string({ summary: 'S3: endpoint URL.' }),
    bucket: Flags.string({ summary: 'S3: bucket.' }),
    region: Flags.string({ summary: 'S3: region.' }),
    'credentials-env': Flags.string({ summary: 'S3: NAME of the environment variable holding the credentials.' }),
    library: Flags.string({ summary: 'Tape: tape library.' }),
    priority: Flags.string({ summary: 'Priority among locations of the same type (lower is preferred).' }),
    capacity: Flags.string({
      summary: 'How much the storage holds when full (e.g. 40TB, 1.5PiB); none clears it. For `location usage`.',
    }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<LocationView>> {
    const { flags } = this;
    const changes = {
      newName: flags['new-name'],
      type: flags.type,
      storage: flags.storage,
      priority: flags.priority,
      host: flags.host,
      rootPath: flags['root-path'],
      endpointUrl: flags['endpoint-url'],
      bucket: flags.bucket,
      region: flags.region,
      credentialsEnv: flags['credentials-env'],
      library: flags.library,
      capacity: flags.capacity,
    };
    const result = await this.withEm((em) =>
      updateLocation(em, this.args.location, changes, { dryRun: flags['dry-run'] }),
    );
    this.reportWrite(result, `location '${this.args.location}'`, 'update');
    return result;
  }
}
