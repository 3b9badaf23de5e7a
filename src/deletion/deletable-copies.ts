import sql from 'sql-template-tag';
import { LocationType } from '../../entities/enums.js';
import { NotFound, UsageError } from '../errors.js';
import { isBigintId } from '../validation/ranges.js';
import { COPY_SELECT, type CopyRow } from '../views/copy-list.js';
import { pageSql, type KeysetList } from '../views/keyset.js';
import { locationId } from '../views/names.js';
import { one, rows, type Queryable } from '../views/queryable.js';
import { keptBy, type KeptBy } from './deletion-blockers.js';
import { CANDIDATE_STATUSES } from './deletion-policy.js';

/** A copy that may be deleted now, with the bytes freed by it and every copy listed before it. */
export interface DeletableCopy extends CopyRow {
  /** Bytes freed by deleting this copy and the ones before it (a copy of unknown size counts 0). */
  cumulativeBytes: number;
}

export interface DeletableSelection {
  /** `SITE/NAME`. */
  location: string;
  /** At most this many copies. */
  limit?: number;
  /** Just enough copies, oldest first, to free at least this many bytes. */
  bytes?: number;
  /** Start after this copy (the previous list's `next`). */
  after?: string;
}

export interface DeletableList {
  location: string;
  locationType: LocationType;
  /** Oldest first (by the copy's created_at, then id). */
  items: DeletableCopy[];
  /** Bytes the listed copies would free. */
  totalBytes: number;
  /** The copy to pass as `--after` for more deletable copies; null when there are no more. */
  next: string | null;
  /** Why nothing at this location is ever offered, when that is so (a long-term archive). */
  neverOffered: string | null;
}

/** Copies listed when neither `--limit` nor `--bytes` is given. */
export const DEFAULT_LIMIT = 100;
/** Candidates judged per round trip. */
const BATCH = 500;

/** The location `key` (exit 4 naming the nearest when unknown), with its type. */
export async function deletionLocation(db: Queryable, key: string): Promise<{ id: number; type: LocationType }> {
  const id = await locationId(db, key, 'location');
  const found = await one<{ type: LocationType }>(
    db,
    sql`select location_type as type from data_location where id = ${id}`,
  );
  return { id, type: found!.type };
}

/**
 * The copies at `selection.location` that may be deleted now — ccat-ops' policy for the location's
 * type (deletion-policy.ts) and the database's rules both let them go — oldest first, up to
 * `limit` copies or until `bytes` are covered (whichever comes first; 100 copies when neither is
 * given). The location's candidates are read oldest first in batches, each judged in two queries,
 * so a location with millions of copies costs what it takes to find the first deletable ones.
 */
export async function deletableCopies(db: Queryable, selection: DeletableSelection): Promise<DeletableList> {
  const location = await deletionLocation(db, selection.location);
  const statuses = CANDIDATE_STATUSES[location.type];
  const result: DeletableList = {
    location: selection.location,
    locationType: location.type,
    items: [],
    totalBytes: 0,
    next: null,
    neverOffered:
      statuses.length === 0
        ? `${selection.location} is a long-term archive: ccat-ops never offers archive copies for deletion`
        : null,
  };
  if (statuses.length === 0) return result;
  if (selection.after !== undefined) await assertCopyAt(db, selection.after, location.id, '--after');
  const limit = selection.limit ?? (selection.bytes === undefined ? DEFAULT_LIMIT : Infinity);
  const enough = () =>
    result.items.length >= limit || (selection.bytes !== undefined && result.totalBytes >= selection.bytes);
  const candidates: KeysetList = {
    noun: 'copy',
    plural: 'copies',
    select: COPY_SELECT,
    where: [sql`c.data_location_id = ${location.id}`, sql`c.status = any(${statuses}::text[])`],
    key: ['c.created_at', 'c.id'],
    sortKey: 'createdAt',
    keyOf: (id) => sql`(select created_at, id from physical_copy where id = ${id}::bigint)`,
    exists: (id) => sql`(select 1 from physical_copy where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
  let after = selection.after;
  for (;;) {
    const batch = await rows<CopyRow>(db, pageSql(candidates, { after, limit: BATCH, order: 'oldest' }));
    if (batch.length === 0) return result;
    const kept = await keptBy(
      db,
      batch.map((c) => String(c.id)),
    );
    for (const copy of batch) {
      if (kept.has(String(copy.id))) continue;
      if (enough()) {
        // One more deletable copy exists: the list goes on after the last one listed.
        result.next = String(result.items[result.items.length - 1].id);
        return result;
      }
      result.totalBytes += copy.sizeBytes ?? 0;
      result.items.push({ ...copy, cumulativeBytes: result.totalBytes });
    }
    if (batch.length < BATCH) return result;
    after = String(batch[batch.length - 1].id);
  }
}

export interface CopyExplanation {
  copy: CopyRow;
  /** Whether the copy may be deleted now. */
  deletable: boolean;
  /** What keeps it (empty when deletable): the policy's reasons, then the database's rule. */
  keptBy: KeptBy[];
}

/**
 * Why copy `id` may or may not be deleted now: every policy rule and the database rule that keeps
 * it. Exit 2 for something that is no copy id, 4 for an unknown copy or one not at `location`.
 */
export async function explainCopy(db: Queryable, id: string, location?: string): Promise<CopyExplanation> {
  const copyId = parseCopyId(id, '--explain');
  const copy = await one<CopyRow>(db, sql`${COPY_SELECT} where c.id = ${copyId}::bigint`);
  if (!copy) throw new NotFound(`--explain: no physical copy ${copyId}`, ['list them with `ccat-ops copy list`']);
  if (location !== undefined && copy.location !== location) {
    await deletionLocation(db, location); // an unknown --location is exit 4 naming the nearest
    throw new UsageError(`--explain: copy ${copyId} is at ${copy.location}, not at ${location}`, [
      `ccat-ops copy deletable --explain ${copyId}`,
    ]);
  }
  const reasons = (await keptBy(db, [copyId])).get(copyId) ?? [];
  return { copy, deletable: reasons.length === 0, keptBy: reasons };
}

/** Exit 2 unless `id` can be a physical copy id (a positive integer within bigint). */
export function parseCopyId(id: string, flag: string): string {
  const text = id.trim();
  if (!isBigintId(text)) {
    throw new UsageError(`${flag}: '${id}' is not a copy id (a number, as in \`copy list\`)`, [
      'copy the id from `ccat-ops copy list` or `ccat-ops copy deletable`',
    ]);
  }
  return text;
}

async function assertCopyAt(db: Queryable, id: string, location: number, flag: string): Promise<void> {
  const copyId = parseCopyId(id, flag);
  const found = await one<{ at: number }>(
    db,
    sql`select data_location_id as at from physical_copy where id = ${copyId}::bigint`,
  );
  if (found?.at !== location) {
    throw new NotFound(`${flag}: no copy ${copyId} at this location`, [
      'pass the next value printed by the previous list',
    ]);
  }
}
