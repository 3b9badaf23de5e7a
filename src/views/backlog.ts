/**
 * The shape shared by the transfer and archive backlogs: per group (a route, or an origin
 * location) and destination location, what waits, how old it is, what completed lately, and how
 * long the rest takes at that rate.
 */

export interface DailyThroughput {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
  bytes: number;
}

export interface BacklogRow {
  /** The route (transfers) or the origin location (archive transfers); null for transfers without a route. */
  from: string | null;
  destination: string;
  pending: number;
  scheduled: number;
  inProgress: number;
  failed: number;
  /** Bytes still to move for pending, scheduled and in-progress items. */
  waitingBytes: number;
  /** Creation time of the oldest pending, scheduled or in-progress item. */
  oldestWaitingAt: Date | null;
  oldestWaitingSeconds: number | null;
  completed24h: number;
  completedBytes24h: number;
  /** Throughput over the last 24 h, bytes per second. */
  bytesPerSecond: number;
  /** Time to clear `waitingBytes` at that rate; null when nothing moved in 24 h but something waits. */
  clearSeconds: number | null;
  /** Completed items per UTC day, oldest first, today last. */
  daily: DailyThroughput[];
}

export interface BacklogTotals {
  waiting: number;
  failed: number;
  waitingBytes: number;
  oldestWaitingSeconds: number | null;
}

/** Open items aggregated per group, destination and status. */
export interface OpenAggregate {
  from: string | null;
  destination: string;
  status: string;
  n: number;
  bytes: number | null;
  oldest: Date | null;
}

/** Completed items aggregated per group, destination and UTC day. */
export interface DoneAggregate {
  from: string | null;
  destination: string;
  day: string;
  n: number;
  bytes: number;
  last24: number;
  bytes24: number;
}

/** Assembles the rows from the two aggregates; `idle` groups appear with zeros. */
export function backlogRows(
  now: Date,
  days: number,
  open: OpenAggregate[],
  done: DoneAggregate[],
  idle: { from: string | null; destination: string }[] = [],
): { rows: BacklogRow[]; totals: BacklogTotals } {
  const dayKeys = lastDays(now, days);
  const byKey = new Map<string, BacklogRow>();
  const rowFor = (from: string | null, destination: string): BacklogRow => {
    const key = `${from ?? ''}|${destination}`;
    let row = byKey.get(key);
    if (!row) {
      row = {
        from,
        destination,
        pending: 0,
        scheduled: 0,
        inProgress: 0,
        failed: 0,
        waitingBytes: 0,
        oldestWaitingAt: null,
        oldestWaitingSeconds: null,
        completed24h: 0,
        completedBytes24h: 0,
        bytesPerSecond: 0,
        clearSeconds: null,
        daily: dayKeys.map((day) => ({ day, count: 0, bytes: 0 })),
      };
      byKey.set(key, row);
    }
    return row;
  };
  for (const o of open) {
    const row = rowFor(o.from, o.destination);
    if (o.status === 'failed') {
      row.failed += o.n;
      continue;
    }
    if (o.status === 'pending') row.pending += o.n;
    else if (o.status === 'scheduled') row.scheduled += o.n;
    else row.inProgress += o.n;
    row.waitingBytes += o.bytes ?? 0;
    if (o.oldest && (!row.oldestWaitingAt || o.oldest < row.oldestWaitingAt)) row.oldestWaitingAt = o.oldest;
  }
  for (const d of done) {
    const row = rowFor(d.from, d.destination);
    row.completed24h += d.last24;
    row.completedBytes24h += d.bytes24;
    const bucket = row.daily.find((b) => b.day === d.day);
    if (bucket) {
      bucket.count += d.n;
      bucket.bytes += d.bytes;
    }
  }
  for (const i of idle) if (![...byKey.values()].some((r) => r.from === i.from)) rowFor(i.from, i.destination);

  const rows = [...byKey.values()].map((row) => {
    row.oldestWaitingSeconds = row.oldestWaitingAt
      ? Math.max(0, Math.round((now.getTime() - row.oldestWaitingAt.getTime()) / 1000))
      : null;
    row.bytesPerSecond = row.completedBytes24h / 86_400;
    row.clearSeconds =
      row.waitingBytes === 0 ? 0 : row.bytesPerSecond > 0 ? Math.round(row.waitingBytes / row.bytesPerSecond) : null;
    return row;
  });
  rows.sort((a, b) => (a.from ?? '~').localeCompare(b.from ?? '~') || a.destination.localeCompare(b.destination));
  const ages = rows.map((r) => r.oldestWaitingSeconds).filter((s): s is number => s !== null);
  return {
    rows,
    totals: {
      waiting: rows.reduce((n, r) => n + r.pending + r.scheduled + r.inProgress, 0),
      failed: rows.reduce((n, r) => n + r.failed, 0),
      waitingBytes: rows.reduce((n, r) => n + r.waitingBytes, 0),
      oldestWaitingSeconds: ages.length ? Math.max(...ages) : null,
    },
  };
}

/** The last `days` UTC days as `YYYY-MM-DD`, oldest first, today last. */
function lastDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
