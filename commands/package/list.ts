import { Flags } from '@oclif/core';
import { PackageState, Status } from '../../entities/enums.js';
import { ReadCommand } from '../../src/read-command.js';
import { statusFlag, timeRangeFlags } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { PACKAGE_COLUMNS } from '../../src/output/package-columns.js';
import type { Page } from '../../src/views/keyset.js';
import { packageList, type PackageRow } from '../../src/views/package-list.js';
import { timeRange } from '../../src/views/time-input.js';

export default class PackageList extends ReadCommand<typeof PackageList> {
  static override summary = 'List raw data packages, newest first, one page at a time.';
  static override columns = PACKAGE_COLUMNS;
  static override description =
    'A package is the tar of the files of one executed obs unit and module. --state is where it is in its life (waiting, transferring, archived, failed); --status is its processing status. Filters combine (all must hold). Pages are read by keyset: pass the last id you saw with --after, or stream everything with --all.';
  static override examples = [
    {
      description: 'Packages still waiting after a day',
      command: '<%= config.bin %> package list --state waiting --until 24h',
    },
    {
      description: 'Failed packages of one module',
      command: '<%= config.bin %> package list --state failed --module CHAI/LFA',
    },
    {
      description: 'Packages with a live copy in the Cologne long-term archive',
      command: '<%= config.bin %> package list --location cologne/lta --all --output ndjson > packages.ndjson',
    },
  ];
  static override flags = {
    state: statusFlag(Object.values(PackageState), 'Only these states (comma-separated).'),
    status: statusFlag(Object.values(Status)),
    module: Flags.string({ summary: 'Only packages of this instrument module (NAME or INSTRUMENT/NAME).' }),
    executed: Flags.string({ summary: 'Only packages of this executed obs unit (its id).' }),
    program: Flags.string({ summary: 'Only packages of this programme (short name).' }),
    location: Flags.string({ summary: 'Only packages with a live copy at this location (SITE/NAME).' }),
    ...timeRangeFlags,
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<PackageRow> | undefined> {
    const { flags } = this;
    const filter = {
      state: flags.state,
      status: flags.status,
      module: flags.module,
      executed: flags.executed,
      program: flags.program,
      location: flags.location,
      ...timeRange(flags.since, flags.until),
    };
    const db = await this.client();
    return this.renderKeysetList(db, await packageList(db, filter), PACKAGE_COLUMNS, flags);
  }
}
