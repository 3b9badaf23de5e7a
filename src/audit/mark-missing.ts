import type pg from 'pg';
import sql from 'sql-template-tag';
import { withTransaction } from '../db/transaction.js';
import { rows } from '../views/queryable.js';
import { LIVE } from './copy-source.js';

export interface MarkOutcome {
  /** Copies now recorded as deleted (lost). */
  marked: number;
  /**
   * Copies the database would not let go (a copy a staging job that is not finished needs): the
   * rule that kept each (its constraint's name) and its message.
   */
  kept: { copy: string; rule: string; reason: string }[];
  /** Set when the guard refused: which count was over its limit. */
  refused?: MarkRefusal;
}

export interface MarkRefusal {
  /** `run`: the run's totals; `here`: this invocation's checks; `location`: the share of the location's live copies. */
  scope: 'run' | 'here' | 'location';
  missing: number;
  /** Copies checked (run, here) or live at the location. */
  of: number;
  fraction: number;
  max: number;
}

/** Above this share of a location's live copies, marking needs `force` whatever `maxFraction` is. */
export const MAX_LOCATION_SHARE = 0.5;

/**
 * `--mark-missing`: records the copies this run found missing as deleted, and resolves their
 * findings. Refused (a storage that is not mounted must not mark a whole site lost), unless
 * `force`, when more than `maxFraction` of the copies the run checked are missing, or of those this
 * invocation checked (a run resumed on a storage gone since), or when it would mark more than half
 * of the location's live copies. One transaction; a copy the database protects is kept and reported.
 */
export async function markMissing(
  pool: pg.Pool,
  run: { id: string; locationId: number; missing: number; checked: number },
  here: { missing: number; checked: number },
  opts: { maxFraction: number; force: boolean },
): Promise<MarkOutcome> {
  if (!opts.force) {
    const over = (scope: MarkRefusal['scope'], missing: number, of: number, max: number): MarkRefusal | undefined => {
      const fraction = of === 0 ? 0 : missing / of;
      return fraction > max ? { scope, missing, of, fraction, max } : undefined;
    };
    const [counts] = await rows<{ live: number; marking: number }>(
      pool,
      sql`select (select count(*)::int from physical_copy c where c.data_location_id = ${run.locationId} and ${LIVE}) as live,
                 (select count(*)::int from audit_finding f where f.last_run_id = ${run.id}::bigint and f.kind = 'missing'
                    and f.resolved_at is null and f.physical_copy_id is not null) as marking`,
    );
    const refused =
      over('run', run.missing, run.checked, opts.maxFraction) ??
      over('here', here.missing, here.checked, opts.maxFraction) ??
      over('location', counts.marking, counts.live, MAX_LOCATION_SHARE);
    if (refused) return { marked: 0, kept: [], refused };
  }
  return withTransaction(pool, async (db) => {
    const findings = await rows<{ id: string; copy: string }>(
      db,
      sql`select f.id::text, f.physical_copy_id::text as copy from audit_finding f
          where f.last_run_id = ${run.id}::bigint and f.kind = 'missing' and f.resolved_at is null
            and f.physical_copy_id is not null
          order by f.physical_copy_id`,
    );
    let marked = 0;
    const kept: MarkOutcome['kept'] = [];
    for (const f of findings) {
      await db.query('savepoint mark');
      try {
        await db.query(
          sql`update physical_copy set status = 'deleted', deleted_at = now(), updated_at = now()
              where id = ${f.copy}::bigint and status <> 'deleted'`,
        );
        await db.query(
          sql`update audit_finding set resolved_at = now(), resolution = 'marked missing' where id = ${f.id}::bigint`,
        );
        await db.query('release savepoint mark');
        marked += 1;
      } catch (err) {
        await db.query('rollback to savepoint mark');
        kept.push({
          copy: f.copy,
          rule: (err as { constraint?: string }).constraint ?? 'refused',
          reason: (err as Error).message,
        });
      }
    }
    return { marked, kept };
  });
}
