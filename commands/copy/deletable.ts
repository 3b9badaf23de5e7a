import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import {
  deletableCopies,
  explainCopy,
  type CopyExplanation,
  type DeletableList,
} from '../../src/deletion/deletable-copies.js';
import { formatBytes } from '../../src/output/bytes.js';
import { DELETABLE_COLUMNS } from '../../src/output/deletion-columns.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { INT4_MAX } from '../../src/validation/ranges.js';
import { sizeOption } from '../../src/validation/size.js';

export default class CopyDeletable extends ReadCommand<typeof CopyDeletable> {
  static override summary = 'List the copies at a location that may be deleted now, oldest first.';
  static override columns = DELETABLE_COLUMNS;
  static override description = `A copy is deletable when ccat-ops' policy for its location's type offers it and the database's deletion rules let it go (the database refuses to record a deletion those rules forbid, whoever writes it):
- SOURCE: present copies whose raw data package is archived and checksum-verified in an active long-term archive, with no open audit finding on that archive copy.
- BUFFER: present copies whose packages each have such a verified long-term archive copy and, where an active route leaves the site, whose transfer package was sent on from this buffer (transferred and unpacked).
- PROCESSING: present or staged copies whose packages each have such a verified long-term archive copy (a file that exists only here is kept) and that no active staging job needs.
- LONG_TERM_ARCHIVE: never.

Oldest first (by when the copy was recorded); --limit or --bytes picks just enough, 100 copies when neither is given. --explain COPY says which rule keeps a copy. Nothing is changed: copy schedule-deletion schedules the deletion.`;
  static override examples = [
    '<%= config.bin %> copy deletable --location ccat/buffer',
    {
      description: 'Just enough of the oldest deletable copies to free 2 TB',
      command: '<%= config.bin %> copy deletable --location ccat/telescope_computer --bytes 2TB',
    },
    {
      description: 'Why a copy is not deletable',
      command: '<%= config.bin %> copy deletable --explain 81234',
    },
  ];
  static override flags = {
    location: Flags.string({ summary: 'The location (SITE/NAME); asked for on a terminal.' }),
    limit: Flags.integer({
      summary: 'At most this many copies (100 when neither --limit nor --bytes is given).',
      min: 1,
      max: INT4_MAX,
    }),
    bytes: Flags.string({ summary: 'Just enough copies, oldest first, to free at least this much (e.g. 2TB).' }),
    after: Flags.string({ summary: 'Start after this copy (the id printed for the next page).' }),
    explain: Flags.string({
      summary: 'Say why this copy (by id) may or may not be deleted now.',
      exclusive: ['limit', 'bytes', 'after'],
    }),
    ...outputFlags,
  };

  async run(): Promise<DeletableList | CopyExplanation | undefined> {
    const { flags } = this;
    const bytes = sizeOption(flags.bytes, 'bytes');
    const db = await this.client();
    if (flags.explain !== undefined) {
      const why = await explainCopy(db, flags.explain, flags.location);
      this.renderExplanation(why);
      return why;
    }
    const input = await this.complete({ location: flags.location }, [
      { flag: 'location', message: 'Location (SITE/NAME)' },
    ]);
    if (!input) return this.declined();
    const list = await deletableCopies(db, {
      location: input.location!,
      limit: flags.limit,
      bytes,
      after: flags.after,
    });
    this.renderRows(list.items, DELETABLE_COLUMNS, flags.output, flags.columns?.split(','), undefined, list.next);
    if (this.jsonEnabled()) return list;
    if (list.items.length === 0) {
      this.notice(
        list.neverOffered ??
          `No copy at ${list.location} may be deleted now; \`ccat-ops copy deletable --explain ID\` says what keeps a copy.`,
      );
      return list;
    }
    this.notice(
      `${list.items.length} ${list.items.length === 1 ? 'copy' : 'copies'} at ${list.location} would free ${formatBytes(list.totalBytes)}.`,
    );
    if (bytes !== undefined && list.totalBytes < bytes && list.next === null) {
      this.notice(`That is all that may be deleted now: less than the ${formatBytes(bytes)} asked for.`);
    }
    if (list.next) this.notice(`More deletable copies: add --after ${list.next} (or raise --limit / --bytes).`);
    return list;
  }

  private renderExplanation(why: CopyExplanation): void {
    if (this.jsonEnabled()) return;
    const { copy } = why;
    this.renderObject({
      copy: copy.id,
      item: copy.item,
      location: copy.location,
      status: copy.status,
      size: formatBytes(copy.sizeBytes),
      deletable: why.deletable ? 'yes' : 'no',
    });
    for (const k of why.keptBy)
      this.log(
        `Kept by ${k.rule} (${k.by === 'database' ? 'database rule' : 'ccat-ops policy'}): ${k.detail}\n  Try: ${k.hint}`,
      );
  }
}
