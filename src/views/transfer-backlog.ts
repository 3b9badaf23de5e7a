import sql from 'sql-template-tag';
import { routeId, siteOrLocationIds } from './names.js';
import { rows, type Queryable } from './queryable.js';

export interface DailyThroughput {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
  bytes: number;
}

/** The backlog of one route towards one destination location. */
export interface BacklogRow {
  route: string | null;
  destination: string;
  pending: number;
  scheduled: number;
  inProgress: number;
  failed: number;
  /** Bytes still to move for pending, scheduled and in-progress transfers. */
  waitingBytes: number;
  /** Creation time of the oldest pending, scheduled or in-progress transfer. */
  oldestWaitingAt: Date | null;
  oldestWaitingSeconds: number | null;
  completed24h: number;
  completedBytes24h: number;
  /** Throughput over the last 24 h, bytes per second. */
  bytesPerSecond: number;
  /** Time to clear `waitingBytes` at that rate; null when nothing moved in 24 h but something waits. */
  clearSeconds: number | null;
  /** Completed transfers per UTC day, oldest first, today last. */
  daily: DailyThroughput[];
}

export interface BacklogFilter {
  route?: string;
  destination?: string;
  /** How many days of daily throughput (default 7). */
  days?: number;
}

export interface BacklogReport {
  generatedAt: Date;
  rows: BacklogRow[];
  totals: { waiting: number; failed: number; waitingBytes: number; oldestWaitingSeconds: number | null };
}

/**
 * The transfer backlog per route and destination location. Two index-served reads: the open
 * transfers (a partial index on status <> 'completed' keeps that small however many completed
 * transfers there are) and the transfers completed in the last days (a partial index on finished_at).
 * Active routes with nothing in either appear with zeros, so an idle route is visibly idle.
 */
export async function transferBacklog(db: Queryable, filter: BacklogFilter = {}): Promise<BacklogReport> {
  const route = filter.route === undefined ? null : await routeId(db, filter.route);
  const dest = filter.destination === undefined ? null : await siteOrLocationIds(db, filter.destination, 'destination');
  const days = filter.days ?? 7;
  const scope = sql`(${route}::int is null or t.route_id = ${route}) and (${dest}::int[] is null or t.destination_location_id = any(${dest}::int[]))`;
  const [clock] = await rows<{ now: Date }>(db, sql`select now() as now`);
  const now = clock.now;
  const open = await rows<{
    routeId: number | null;
    destId: number;
    status: string;
    n: number;
    bytes: number | null;
    oldest: Date | null;
  }>(
    db,
    sql`select t.route_id as "routeId", t.destination_location_id as "destId", t.status, count(*) as n,
               sum(greatest(coalesce(p.size_bytes, 0) - t.bytes_transferred, 0)) as bytes, min(t.created_at) as oldest
          from data_transfer t join data_transfer_package p on p.id = t.data_transfer_package_id
         where t.status <> 'completed' and ${scope}
         group by 1, 2, 3`,
  );
  const done = await rows<{
    routeId: number | null;
    destId: number;
    day: string;
    n: number;
    bytes: number;
    last24: number;
    bytes24: number;
  }>(
    db,
    sql`select t.route_id as "routeId", t.destination_location_id as "destId",
               to_char(date_trunc('day', t.finished_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
               count(*) as n, sum(t.bytes_transferred) as bytes,
               count(*) filter (where t.finished_at >= ${now}::timestamptz - interval '24 hours') as last24,
               coalesce(sum(t.bytes_transferred) filter (where t.finished_at >= ${now}::timestamptz - interval '24 hours'), 0) as bytes24
          from data_transfer t
         where t.status = 'completed'
           and t.finished_at >= least(date_trunc('day', ${now}::timestamptz at time zone 'UTC') at time zone 'UTC' - ${days - 1} * interval '1 day',
                                      ${now}::timestamptz - interval '24 hours')
           and ${scope}
         group by 1, 2, 3`,
  );
  const names = await rows<{ kind: 'route' | 'location'; id: number; name: string; destId: number | null }>(
    db,
    sql`select 'route' as kind, r.id, r.name, r.destination_location_id as "destId" from data_transfer_route r
         where r.active and (${route}::int is null or r.id = ${route})
        union all
        select 'location', l.id, s.short_name || '/' || l.name, null from data_location l join site s on s.id = l.site_id`,
  );
  const routeName = new Map(names.filter((n) => n.kind === 'route').map((n) => [n.id, n.name]));
  const locationName = new Map(names.filter((n) => n.kind === 'location').map((n) => [n.id, n.name]));
  const dayKeys = lastDays(now, days);

  const byKey = new Map<string, BacklogRow>();
  const rowFor = (routeId: number | null, destination: string) => {
    const key = `${routeId ?? ''}|${destination}`;
    let row = byKey.get(key);
    if (!row) {
      row = {
        route: routeId === null ? null : (routeName.get(routeId) ?? `#${routeId}`),
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
    const row = rowFor(o.routeId, locationName.get(o.destId) ?? `#${o.destId}`);
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
    const row = rowFor(d.routeId, locationName.get(d.destId) ?? `#${d.destId}`);
    row.completed24h += d.last24;
    row.completedBytes24h += d.bytes24;
    const bucket = row.daily.find((b) => b.day === d.day);
    if (bucket) {
      bucket.count += d.n;
      bucket.bytes += d.bytes;
    }
  }
  if (dest === null) {
    for (const n of names.filter((x) => x.kind === 'route')) {
      const seen = [...byKey.values()].some((r) => r.route === n.name);
      if (!seen) rowFor(n.id, n.destId === null ? '-' : (locationName.get(n.destId) ?? `#${n.destId}`));
    }
  }
  const result = [...byKey.values()].map((row) => {
    row.oldestWaitingSeconds = row.oldestWaitingAt
      ? Math.max(0, (now.getTime() - row.oldestWaitingAt.getTime()) / 1000)
      : null;
    row.bytesPerSecond = row.completedBytes24h / 86_400;
    row.clearSeconds =
      row.waitingBytes === 0 ? 0 : row.bytesPerSecond > 0 ? Math.round(row.waitingBytes / row.bytesPerSecond) : null;
    return row;
  });
  result.sort((a, b) => (a.route ?? '~').localeCompare(b.route ?? '~') || a.destination.localeCompare(b.destination));
  const ages = result.map((r) => r.oldestWaitingSeconds).filter((s): s is number => s !== null);
  return {
    generatedAt: now,
    rows: result,
    totals: {
      waiting: result.reduce((n, r) => n + r.pending + r.scheduled + r.inProgress, 0),
      failed: result.reduce((n, r) => n + r.failed, 0),
      waitingBytes: result.reduce((n, r) => n + r.waitingBytes, 0),
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
