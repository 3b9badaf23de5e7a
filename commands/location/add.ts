import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { checkGiven, completeValues, type Question } from '../../src/prompts.js';
import { LOCATION_TYPES, STORAGE_TYPES } from '../../src/registry/location-types.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import {
  addLocation,
  locationFields,
  markNewLocation,
  type LocationView,
  type NewLocation,
} from '../../src/services/locations.js';
import { siteNames } from '../../src/services/sites.js';

/** What to ask for each storage type once it is known (on a terminal only). */
function storageQuestions(storage: unknown): Question[] {
  const rule = locationFields;
  const priority: Question = {
    flag: 'priority',
    message: 'Priority (optional; lower is preferred, default 0)',
    optional: true,
    rule: rule.priority,
  };
  switch (storage) {
    case 's3':
      return [
        { flag: 'bucket', message: 'Bucket', rule: rule.bucket },
        { flag: 'endpoint-url', message: 'Endpoint URL (optional)', optional: true, rule: rule.endpointUrl },
        { flag: 'region', message: 'Region (optional)', optional: true, rule: rule.region },
        {
          flag: 'credentials-env',
          message: 'Environment variable holding the credentials (its NAME, optional)',
          optional: true,
          rule: rule.credentialsEnv,
        },
        priority,
      ];
    case 'tape':
      return [
        { flag: 'library', message: 'Tape library', rule: rule.library },
        { flag: 'root-path', message: 'Root path (optional)', optional: true, rule: rule.rootPath },
        priority,
      ];
    default:
      return [
        { flag: 'root-path', message: 'Root path', rule: rule.rootPath },
        { flag: 'host', message: 'Host (optional)', optional: true, rule: rule.host },
        priority,
      ];
  }
}

/** Every value a location may be given, with its rule, to check the flags before anything is asked. */
const GIVEN_RULES: Question[] = [
  ...new Map(
    [
      ...storageQuestions('s3'),
      ...storageQuestions('disk'),
      ...storageQuestions('tape'),
      { flag: 'capacity', message: 'Capacity', rule: locationFields.capacity },
    ].map((q) => [q.flag, { ...q, optional: true }]),
  ).values(),
];

export default class LocationAdd extends OpsCommand<typeof LocationAdd> {
  static override summary = 'Register a storage location at a site.';
  static override description =
    'A location is addressed as SITE/NAME (e.g. ccat/buffer). Disk needs --root-path (and usually --host); s3 needs --bucket (with --endpoint-url, --region, --credentials-env); tape needs --library. For a new disk location on this host (no --host, or the name of this machine) whose root exists and is writable, the identity marker (.ccat-ops-location) is written there too (best effort: otherwise the first audit or file register there writes it). With --host naming another machine nothing is written here: run location write-marker on that host.';
  static override examples = [
    '<%= config.bin %> location add --site ccat --name buffer --type buffer --storage disk --host fyst-buffer --root-path /data/buffer',
    '<%= config.bin %> location add --site cologne --name lta --type long_term_archive --storage s3 --endpoint-url https://s3.cologne.example --bucket ccat-lta --credentials-env CCAT_COLOGNE_LTA_CREDENTIALS',
    '<%= config.bin %> location add --site us --name tape --type long_term_archive --storage tape --library cornell-tl1 --no-active --dry-run',
    '<%= config.bin %> location add   # asks for each value on a terminal',
  ];
  static override flags = {
    site: Flags.string({ summary: 'Site it belongs to (short name).' }),
    name: Flags.string({ summary: 'Location name, unique at its site (buffer, lta, processing).' }),
    type: Flags.option({ options: LOCATION_TYPES, summary: 'What the location is for.' })(),
    storage: Flags.option({ options: STORAGE_TYPES, summary: 'Kind of storage.' })(),
    host: Flags.string({ summary: 'Disk: the host serving it.' }),
    'root-path': Flags.string({ summary: 'Disk (required) or tape: absolute root path.' }),
    'endpoint-url': Flags.string({ summary: 'S3: endpoint URL.' }),
    bucket: Flags.string({ summary: 'S3 (required): bucket.' }),
    region: Flags.string({ summary: 'S3: region.' }),
    'credentials-env': Flags.string({
      summary: 'S3: NAME of the environment variable holding the credentials (never the secret itself).',
    }),
    library: Flags.string({ summary: 'Tape (required): tape library.' }),
    priority: Flags.string({ summary: 'Priority among locations of the same type (lower is preferred; default 0).' }),
    capacity: Flags.string({
      summary: 'How much the storage holds when full (e.g. 40TB, 1.5PiB), for `location usage`.',
    }),
    active: Flags.boolean({ allowNo: true, summary: 'Whether it is in use (default: active).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<LocationView> | undefined> {
    const { flags } = this;
    const { active, 'dry-run': dryRun, ...given } = flags;
    checkGiven(given, GIVEN_RULES, this.canPrompt);
    const sites = this.canPrompt && !flags.site ? await this.withEm((em) => siteNames(em)) : [];
    // Asked in two rounds: what to ask about the storage depends on the storage type.
    const first = await completeValues(
      { ...given },
      [
        { flag: 'site', message: 'Site', choices: sites },
        { flag: 'name', message: 'Location name', rule: locationFields.name },
        { flag: 'type', message: 'Location type', choices: LOCATION_TYPES },
        { flag: 'storage', message: 'Storage type', choices: STORAGE_TYPES },
      ],
      this.canPrompt,
    );
    const second = this.canPrompt
      ? await completeValues(first.values, storageQuestions(first.values.storage), true)
      : { values: first.values, asked: false };
    const input = second.values as typeof given;
    const { 'dry-run': _dryRun, ...record } = LocationAdd.flags;
    if ((first.asked || second.asked) && !(await this.confirmSummary({ ...input, active }, Object.keys(record)))) {
      return this.declined();
    }
    const location: NewLocation = {
      site: input.site!,
      name: input.name!,
      type: input.type!,
      storage: input.storage!,
      active,
      priority: input.priority,
      host: input.host,
      rootPath: input['root-path'],
      endpointUrl: input['endpoint-url'],
      bucket: input.bucket,
      region: input.region,
      credentialsEnv: input['credentials-env'],
      library: input.library,
      capacity: input.capacity,
    };
    const result = await this.withEm((em) => addLocation(em, location, { dryRun }));
    const key = `${result.item.site}/${result.item.name}`;
    this.reportWrite(result, `location '${key}'`);
    if (result.status === 'created') {
      const marker = await this.withEm((em) => markNewLocation(em, key));
      if (marker?.written) this.notice(`Wrote the location marker ${marker.path}.`);
      else if (marker?.otherHost) {
        this.notice(
          `No location marker written: ${key} is on ${marker.otherHost}, not this host; run \`${this.config.bin} location write-marker ${key}\` on ${marker.otherHost} (or its first audit or file register there writes it).`,
        );
      } else if (marker?.reason) {
        this.notice(
          `No location marker written (${marker.reason}); the first audit or file register of ${key} writes it.`,
        );
      }
    }
    return result;
  }
}
