import sql from 'sql-template-tag';
import { NEEDED_BY_STAGING, SOURCE_KEPT_UNTIL_ARCHIVED } from '../../entities/physical-copy-deletion-guard.js';
import { PhysicalCopyStatus } from '../../entities/enums.js';
import { Conflict } from '../errors.js';
import { rows, type Queryable } from '../views/queryable.js';
import type { DeletableCopy, DeletableList } from './deletable-copies.js';
import { keptBy, type KeptBy } from './deletion-blockers.js';
import { CANDIDATE_STATUSES, lockArchiveCopies } from './deletion-policy.js';

/** A chosen copy that was not scheduled, and why. */
export interface SkippedCopy {
  id: number;
  /** `locked` (another run is scheduling it), `status` (no longer a candidate) or a rule's name. */
  reason: string;
  detail: string;
}

export interface ScheduledDeletion {
  location: string;
  /** The copies now `deletion_scheduled`, oldest first. */
  scheduled: DeletableCopy[];
  /** Bytes the scheduled copies will free. */
  totalBytes: number;
  skipped: SkippedCopy[];
}

/** The database rules whose refusal is reported as a refusal, not a failure. */
const DELETION_RULES = new Set([NEEDED_BY_STAGING, SOURCE_KEPT_UNTIL_ARCHIVED]);

/**
 * Moves the copies of `plan` (a `deletableCopies` list) to `deletion_scheduled`, in one transaction
 * on `db` (one connection). Each copy is locked first (`for update skip locked`: a copy another run
 * holds is skipped, not waited for, so two runs at once schedule each copy once), then judged again
 * under the lock — the archive copies the rules rely on are read `for share` so they stay, and stay
 * unquestioned by a new audit finding, while it is open — and a copy that stopped being deletable
 * since the listing is skipped with the reason. The deletion guard still checks every row; if it
 * refuses (a rule changed its mind between the check and the write), nothing is scheduled and the
 * refusal is one line. Deletes no file: the deletion service does that.
 */
export async function scheduleDeletion(db: Queryable, plan: DeletableList): Promise<ScheduledDeletion> {
  const planned = new Map(plan.items.map((c) => [String(c.id), c]));
  const ids = [...planned.keys()];
  const statuses = CANDIDATE_STATUSES[plan.locationType];
  const result: ScheduledDeletion = { location: plan.location, scheduled: [], totalBytes: 0, skipped: [] };
  if (ids.length === 0) return result;
  await db.query('begin');
  try {
    const locked = await rows<{ id: string }>(
      db,
      sql`select id::text as id from physical_copy
           where id = any(${ids}::bigint[]) and status = any(${statuses}::text[])
           order by id for update skip locked`,
    );
    const held = new Set(locked.map((r) => r.id));
    const others = ids.filter((id) => !held.has(id));
    result.skipped.push(...(await whyNotLocked(db, others, statuses)));
    // Every rule that lets a copy go (SOURCE's in the database, BUFFER's and PROCESSING's here) relies on
    // its packages' archive copies: held `for share` from here to commit, so an archive copy that loses
    // its trust meanwhile (a status change, or an audit finding, which locks its copy) waits for this
    // run, or this run for it and then sees it in the re-check below.
    if (held.size > 0) await rows(db, lockArchiveCopies([...held]));
    const kept = await keptBy(db, [...held]);
    for (const [id, reasons] of kept) result.skipped.push(skippedBy(id, reasons));
    const chosen = [...held].filter((id) => !kept.has(id));
    const done = new Set(
      chosen.length === 0
        ? []
        : (
            await rows<{ id: string }>(
              db,
              sql`update physical_copy set status = 'deletion_scheduled'
                   where id = any(${chosen}::bigint[]) returning id::text as id`,
            )
          ).map((r) => r.id),
    );
    await db.query('commit');
    for (const c of plan.items) {
      if (!done.has(String(c.id))) continue;
      result.totalBytes += c.sizeBytes ?? 0;
      result.scheduled.push({
        ...c,
        status: PhysicalCopyStatus.DELETION_SCHEDULED,
        cumulativeBytes: result.totalBytes,
      });
    }
    result.skipped.sort((a, b) => a.id - b.id);
    return result;
  } catch (err) {
    await db.query('rollback').catch(() => undefined);
    throw deletionRefusal(err) ?? err;
  }
}

/** Why copies that could not be locked as candidates were not: gone from the candidates, or held by another run. */
async function whyNotLocked(db: Queryable, ids: string[], statuses: readonly string[]): Promise<SkippedCopy[]> {
  if (ids.length === 0) return [];
  const now = await rows<{ id: number; status: string }>(
    db,
    sql`select id, status from physical_copy where id = any(${ids}::bigint[])`,
  );
  const status = new Map(now.map((c) => [String(c.id), c.status]));
  return ids.map((id) => {
    const is = status.get(id);
    if (is === undefined) return { id: Number(id), reason: 'status', detail: `copy ${id} no longer exists` };
    return statuses.includes(is)
      ? {
          id: Number(id),
          reason: 'locked',
          detail: `copy ${id} is being changed by another run (skipped, not waited for)`,
        }
      : { id: Number(id), reason: 'status', detail: `copy ${id} is now ${is}` };
  });
}

function skippedBy(id: string, reasons: KeptBy[]): SkippedCopy {
  return { id: Number(id), reason: reasons[0].rule, detail: reasons.map((r) => r.detail).join('; ') };
}

/** The deletion guard's refusal as one line (exit 1), naming the rule; undefined for any other error. */
export function deletionRefusal(err: unknown): Conflict | undefined {
  const e = err as { code?: string; constraint?: string; message?: string; hint?: string };
  if (e.code !== '23001' || !e.constraint || !DELETION_RULES.has(e.constraint)) return undefined;
  return new Conflict(`the database refused (${e.constraint}): ${e.message}; nothing was scheduled`, [
    ...(e.hint ? [e.hint] : []),
    'run it again: copies that stopped being deletable are skipped',
  ]);
}
