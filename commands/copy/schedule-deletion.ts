import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { deletableCopies } from '../../src/deletion/deletable-copies.js';
import { scheduleDeletion, type ScheduledDeletion } from '../../src/deletion/schedule-deletion.js';
import { formatBytes } from '../../src/output/bytes.js';
import { DELETABLE_COLUMNS } from '../../src/output/deletion-columns.js';
import { itemNotices } from '../../src/output/item-notices.js';
import { outputFlags } from '../../src/output/list-flags.js';
import { quietFlag } from '../../src/output/quiet-flag.js';
import { INT4_MAX } from '../../src/validation/ranges.js';
import { sizeOption } from '../../src/validation/size.js';

/** Copies one run schedules when neither --limit nor --bytes is given. */
const DEFAULT_LIMIT = 10_000;

export interface ScheduleDeletionResult extends ScheduledDeletion {
  dryRun: boolean;
  /** With --dry-run: the copies that would be scheduled. */
  wouldSchedule: ScheduledDeletion['scheduled'];
}

export default class CopyScheduleDeletion extends OpsCommand<typeof CopyScheduleDeletion> {
  static override summary = 'Schedule the deletable copies at a location for deletion, oldest first.';
  static override description = `Picks the copies that copy deletable lists (oldest first; --limit or --bytes for just enough, at most ${DEFAULT_LIMIT} when neither is given) and moves them to deletion_scheduled in one transaction. Each copy is locked and judged again first: one that stopped being deletable since it was listed (its package lost its archive copy or an audit questioned it, a staging job now needs it, another run scheduled it) is skipped and reported. Two runs at once schedule each copy once.

The files are deleted by the deletion service, never by this command. Asks for confirmation on a terminal; --yes skips it, --dry-run only shows. Nothing deletable is not an error: it says so and exits 0.`;
  static override examples = [
    '<%= config.bin %> copy schedule-deletion --location ccat/buffer --dry-run',
    {
      description: 'Free 2 TB at the telescope, from cron',
      command: '<%= config.bin %> copy schedule-deletion --location ccat/telescope_computer --bytes 2TB --yes',
    },
  ];
  static override flags = {
    ...quietFlag,
    location: Flags.string({ summary: 'The location (SITE/NAME); asked for on a terminal.' }),
    limit: Flags.integer({
      summary: `At most this many copies (${DEFAULT_LIMIT} when neither --limit nor --bytes is given).`,
      min: 1,
      max: INT4_MAX,
    }),
    bytes: Flags.string({ summary: 'Just enough copies, oldest first, to free at least this much (e.g. 2TB).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be scheduled and change nothing.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask for confirmation.' }),
    ...outputFlags,
  };

  async run(): Promise<ScheduleDeletionResult | undefined> {
    const { flags } = this;
    const bytes = sizeOption(flags.bytes, 'bytes');
    const input = await this.complete({ location: flags.location }, [
      { flag: 'location', message: 'Location (SITE/NAME)' },
    ]);
    if (!input) return this.declined();
    const db = await this.client();
    const limit = flags.limit ?? (bytes === undefined ? DEFAULT_LIMIT : undefined);
    const plan = await deletableCopies(db, { location: input.location!, limit, bytes });
    const none: ScheduleDeletionResult = {
      location: plan.location,
      scheduled: [],
      totalBytes: 0,
      skipped: [],
      dryRun: flags['dry-run'],
      wouldSchedule: [],
    };
    if (plan.items.length === 0) {
      this.done(`${plan.neverOffered ?? `No copy at ${plan.location} may be deleted now`}; nothing changed.`);
      return none;
    }
    const what = `${plan.items.length} ${plan.items.length === 1 ? 'copy' : 'copies'} at ${plan.location} (${formatBytes(plan.totalBytes)})`;
    this.renderRows(plan.items, DELETABLE_COLUMNS, flags.output, flags.columns?.split(','));
    if (flags['dry-run']) {
      this.done(`Would schedule ${what} for deletion (dry run; nothing changed).`);
      return { ...none, wouldSchedule: plan.items, totalBytes: plan.totalBytes };
    }
    if (!(await this.confirm(`Schedule ${what} for deletion?`, flags.yes))) return this.declined();
    const result = await scheduleDeletion(db, plan);
    const skipped = itemNotices(result.skipped, {
      reason: (s) => s.reason,
      line: (s) => `Skipped copy ${s.id}: ${s.detail}.`,
      example: (s) => `copy ${s.id}: ${s.detail}`,
      summary: (reason, n) => `Skipped ${n} ${n === 1 ? 'copy' : 'copies'} (${reason})`,
      verbose: flags.verbose,
    });
    for (const line of skipped) this.notice(line);
    const n = result.scheduled.length;
    this.done(
      n === 0
        ? `Nothing scheduled: every chosen copy stopped being deletable meanwhile.`
        : `Scheduled ${n} ${n === 1 ? 'copy' : 'copies'} at ${plan.location} for deletion (${formatBytes(result.totalBytes)}); the deletion service deletes the files.`,
    );
    if (plan.next) this.notice(`More copies are deletable: run it again for the next ones.`);
    return { ...result, dryRun: false, wouldSchedule: [] };
  }
}
