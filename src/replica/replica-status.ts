/** One query's worth of what a read endpoint says about itself. */
export interface ReplicaStatus {
  /** `pg_is_in_recovery()`: true for a standby, false for a primary (or a promoted standby). */
  standby: boolean;
  /** The standby has replayed all the WAL it received and is streaming more: its data is current. */
  caughtUp: boolean;
  /** Whether replay is paused (`pg_wal_replay_pause()`). */
  paused: boolean;
  /**
   * How far behind the data is, in seconds: 0 on a primary and on a caught-up standby, else the time
   * since the last replayed transaction; null when the standby has replayed none since it started.
   */
  lagSeconds: number | null;
  /** The time the data is current as of (ISO 8601): now when caught up, else the last replayed transaction's. */
  asOf: string | null;
}

/** What `statusQuery` returns. */
interface StatusRow {
  standby: boolean;
  now: Date;
  replayed_at: Date | null;
  replayed_all: boolean | null;
  paused: boolean | null;
  receiver: string | null;
}

/**
 * On a standby, `now() - pg_last_xact_replay_timestamp()` keeps growing while the primary has
 * nothing to write, although the standby is current. So a standby that has replayed everything it
 * received (`pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()`) while its WAL receiver is
 * streaming counts as caught up, lag 0. The receiver's status is visible to superusers and members of
 * `pg_monitor`/`pg_read_all_stats`; for other roles it reads as 'hidden' and only the positions count.
 */
export const STATUS_SQL = `
select pg_is_in_recovery() as standby,
       now() as now,
       pg_last_xact_replay_timestamp() as replayed_at,
       pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as replayed_all,
       case when pg_is_in_recovery() then pg_is_wal_replay_paused() end as paused,
       (select coalesce(status, 'hidden') from pg_stat_wal_receiver limit 1) as receiver`;

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Asks the read endpoint whether it is a standby and how far behind it is. */
export async function replicaStatus(query: Query): Promise<ReplicaStatus> {
  const [row] = (await query(STATUS_SQL)) as unknown as StatusRow[];
  return evaluateStatus(row);
}

export function evaluateStatus(row: StatusRow): ReplicaStatus {
  const now = new Date(row.now);
  if (!row.standby) return { standby: false, caughtUp: true, paused: false, lagSeconds: 0, asOf: now.toISOString() };
  const streaming = row.receiver === 'streaming' || row.receiver === 'hidden';
  const caughtUp = row.replayed_all === true && streaming && row.paused !== true;
  const replayedAt = row.replayed_at ? new Date(row.replayed_at) : undefined;
  const asOf = caughtUp ? now : replayedAt;
  const lagSeconds = caughtUp
    ? 0
    : replayedAt
      ? Math.max(0, Math.round((now.getTime() - replayedAt.getTime()) / 100) / 10)
      : null;
  return { standby: true, caughtUp, paused: row.paused === true, lagSeconds, asOf: asOf?.toISOString() ?? null };
}

/** "12.3 s", "4 min 5 s", "unknown" — a lag for people. */
export function describeLag(lagSeconds: number | null): string {
  if (lagSeconds === null) return 'an unknown time (no transaction replayed since it started)';
  if (lagSeconds < 120) return `${lagSeconds} s`;
  const min = Math.floor(lagSeconds / 60);
  return min < 120 ? `${min} min ${Math.round(lagSeconds % 60)} s` : `${Math.round(min / 60)} h`;
}
