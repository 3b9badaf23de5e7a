import type pg from 'pg';
import sql from 'sql-template-tag';
import { withTransaction } from '../db/transaction.js';
import { rows } from '../views/queryable.js';

export interface MarkOutcome {
  /** Copies now recorded as deleted (lost). */
  marked: number;
  /** Copies the database would not let go (a processing copy an active staging job needs). */
  kept: { copy: string; reason: string }[];
  /** Set when the guard refused: the missing fraction found. */
  refused?: { missing: number; checked: number; fraction: number; max: number };
}

/**
 * `--mark-missing`: records the copies this run found missing as deleted, and resolves their
 * findings. Refused when more than `maxFraction` of the checked copies are missing (a storage that
 * is not mounted must not mark a whole site lost), unless `force`. One transaction; a copy the
 * database protects is kept and reported.
 */
export async function markMissing(
  pool: pg.Pool,
  run: { id: string; missing: number; checked: number },
  opts: { maxFraction: number; force: boolean },
): Promise<MarkOutcome> {
  const fraction = run.checked === 0 ? 0 : run.missing / run.checked;
  if (fraction > opts.maxFraction && !opts.force) {
    return {
      marked: 0,
      kept: [],
      refused: { missing: run.missing, checked: run.checked, fraction, max: opts.maxFraction },
    };
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
              where id = ${f.copy}::bigint and deleted_at is null`,
        );
        await db.query(
          sql`update audit_finding set resolved_at = now(), resolution = 'marked missing' where id = ${f.id}::bigint`,
        );
        await db.query('release savepoint mark');
        marked += 1;
      } catch (err) {
        await db.query('rollback to savepoint mark');
        kept.push({ copy: f.copy, reason: (err as Error).message });
      }
    }
    return { marked, kept };
  });
}
