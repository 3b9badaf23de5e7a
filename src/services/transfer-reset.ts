import sql from 'sql-template-tag';
import { NotFound, UsageError } from '../errors.js';
import { routeId } from '../views/names.js';
import { rows, type Queryable } from '../views/queryable.js';
import { transferId } from '../views/transfer-show.js';

export interface ResetSelection {
  ids?: string[];
  /** Every failed transfer (on `route`, when given). */
  allFailed?: boolean;
  route?: string;
}

export interface ResetPlan {
  /** Failed transfers that go back to pending. */
  reset: { id: number; route: string | null; package: string; retryCount: number; errorMessage: string | null }[];
  /** Named transfers that are not failed, left as they are. */
  skipped: { id: number; status: string }[];
}

export interface ResetResult extends ResetPlan {
  dryRun: boolean;
}

/** What a reset would do: the failed transfers it selects, and the named ones it skips (exit 4 for unknown ids). */
export async function planReset(db: Queryable, selection: ResetSelection): Promise<ResetPlan> {
  // Each once, as the database has it (`01` is 1): an id given twice is one transfer, named once.
  const ids = [...new Set((selection.ids ?? []).map((id) => BigInt(transferId(id)).toString()))];
  if (ids.length === 0 && !selection.allFailed) {
    throw new UsageError('say which transfers to reset: their ids, or --all-failed (optionally with --route)');
  }
  if (ids.length > 0 && selection.allFailed) throw new UsageError('give transfer ids or --all-failed, not both');
  if (selection.route !== undefined && !selection.allFailed) throw new UsageError('--route goes with --all-failed');
  const route = selection.route === undefined ? null : await routeId(db, selection.route);
  const found = await rows<ResetPlan['reset'][number] & { status: string }>(
    db,
    sql`select t.id, t.status, r.name as route, p.name as package, t.retry_count as "retryCount",
               t.error_message as "errorMessage"
          from data_transfer t
          join data_transfer_package p on p.id = t.data_transfer_package_id
          left join data_transfer_route r on r.id = t.route_id
         where ${
           ids.length
             ? sql`t.id = any(${ids}::bigint[])`
             : sql`t.status = 'failed' and (${route}::int is null or t.route_id = ${route})`
         }
         order by t.id`,
  );
  const missing = ids.filter((id) => !found.some((t) => String(t.id) === id));
  if (missing.length) {
    throw new NotFound(`no transfer ${missing.join(', ')}; nothing was reset`, [
      'check the ids with `ccat-ops transfer list`',
    ]);
  }
  return {
    reset: found.filter((t) => t.status === 'failed').map(({ status: _status, ...t }) => t),
    skipped: found.filter((t) => t.status !== 'failed').map((t) => ({ id: t.id, status: t.status })),
  };
}

/**
 * Puts failed transfers back to pending (DESIGN §6: an operator reset), keeping the retry count, in
 * one transaction. Each reset is written to the transfer's log with the error it had, so the error
 * is not lost when it is cleared. A transfer that stopped being failed meanwhile is left alone.
 */
export async function applyReset(db: Queryable, plan: ResetPlan, by: string): Promise<ResetPlan> {
  const ids = plan.reset.map((t) => String(t.id));
  if (ids.length === 0) return plan;
  await db.query('begin');
  try {
    const done = await rows<{ id: number }>(
      db,
      sql`with reset as (
            update data_transfer set status = 'pending', error_message = null, started_at = null, finished_at = null,
                   bytes_transferred = 0, updated_at = now()
             where id = any(${ids}::bigint[]) and status = 'failed'
            returning id
          ), logged as (
            insert into data_transfer_log (data_transfer_id, message)
            select t.id, 'reset from failed to pending by ' || ${by} || coalesce(' (error was: ' || t.error_message || ')', '')
              from data_transfer t where t.id in (select id from reset)
          )
          select id from reset order by id`,
    );
    await db.query('commit');
    const kept = new Set(done.map((d) => d.id));
    return {
      reset: plan.reset.filter((t) => kept.has(t.id)),
      skipped: [
        ...plan.skipped,
        ...plan.reset.filter((t) => !kept.has(t.id)).map((t) => ({ id: t.id, status: 'no longer failed' })),
      ],
    };
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}
