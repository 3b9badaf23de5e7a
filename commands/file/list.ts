import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { FILE_COLUMNS } from '../../src/output/file-columns.js';
import { timeRangeFlags } from '../../src/output/filter-flags.js';
import { outputFlags, pageFlags } from '../../src/output/list-flags.js';
import { fileList, type FileRow } from '../../src/views/file-list.js';
import type { Page } from '../../src/views/keyset.js';
import { timeRange } from '../../src/views/time-input.js';

export default class FileList extends ReadCommand<typeof FileList> {
  static override summary = 'List raw data files, newest first, one page at a time.';
  static override columns = FILE_COLUMNS;
  static override description =
    'Filters combine (all must hold). Pages are read by keyset: pass the last id you saw with --after, or stream everything with --all.';
  static override examples = [
    {
      description: 'The files of one executed obs unit',
      command: '<%= config.bin %> file list --executed 0b7c3a52-6a53-4c1e-9a8e-3f1e2d4c5b6a',
    },
    { description: 'The files packed in one package', command: '<%= config.bin %> file list --package P1' },
    {
      description: 'Files of one module with a live copy at the Cologne buffer',
      command: '<%= config.bin %> file list --module CHAI/LFA --location cologne/buffer',
    },
    {
      description: 'Every GEco file of the last week into a file',
      command: '<%= config.bin %> file list --program GEco --since 7d --all --output ndjson > files.ndjson',
    },
  ];
  static override flags = {
    executed: Flags.string({ summary: 'Only files of this executed obs unit (its id).' }),
    module: Flags.string({ summary: 'Only files of this instrument module (NAME or INSTRUMENT/NAME).' }),
    package: Flags.string({ summary: 'Only files packed in this raw data package (name or id).' }),
    program: Flags.string({ summary: 'Only files of this programme (short name).' }),
    location: Flags.string({ summary: 'Only files with a live copy at this location (SITE/NAME).' }),
    ...timeRangeFlags,
    ...pageFlags,
    ...outputFlags,
  };

  async run(): Promise<Page<FileRow> | undefined> {
    const { flags } = this;
    const filter = {
      executed: flags.executed,
      module: flags.module,
      package: flags.package,
      program: flags.program,
      location: flags.location,
      ...timeRange(flags.since, flags.until),
    };
    const db = await this.client();
    return this.renderKeysetList(db, await fileList(db, filter), FILE_COLUMNS, flags);
  }
}
