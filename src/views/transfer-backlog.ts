import sql, { raw } from 'sql-template-tag';
import { backlogRows, type BacklogRow, type BacklogTotals, type DoneAggregate, type OpenAggregate } from './backlog.js';
import { routeId, siteOrLocationIds } from './names.js';
import { rows, type Queryable } from './queryable.js';

export interface BacklogFilter {
  route?: string;
  destination?: string;
  /** How many days of daily throughput (default 7). */
  days?: number;
}

export interface BacklogReport {
  generatedAt: Date;
  rows: BacklogRow[];
  totals: BacklogTotals;
}

const LOCATION = (alias: string, id: string) =>
  sql`(select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = ${raw(`${alias}.${id}`)})`;

/**
 * The transfer backlog per route (`from`) and destination location. Two index-served reads: the
 * open transfers (a partial index on status <> 'completed' keeps that small however many completed
 * transfers there are) and those completed in the last days (a partial index on finished_at).
 * Active routes with nothing in either appear with zeros, so an idle route is visibly idle.
 */
export async function transferBacklog(db: Queryable, filter: BacklogFilter = {}): Promise<BacklogReport> {
  const route = filter.route === undefined ? null : await routeId(db, filter.route);
  const dest = filter.destination === undefined ? null : await siteOrLocationIds(db, filter.destination, 'destination');
  const days = filter.days ?? 7;
  const scope = sql`(${route}::int is null or t.route_id = ${route})
    and (${dest}::int[] is null or t.destination_location_id = any(${dest}::int[]))`;
  const [{ now }] = await rows<{ now: Date }>(db, sql`select now() as now`);
  const open = await rows<OpenAggregate>(
    db,
    sql`select r.name as "from", ${LOCATION('a', 'dest')} as destination, a.status, a.n, a.bytes, a.oldest
          from (select t.route_id, t.destination_location_id as dest, t.status, count(*) as n,
                       -- the bundle's size is looked up only for waiting transfers, not for failed ones
                       sum(case when t.status <> 'failed' then greatest(coalesce(
                         (select p.size_bytes from data_transfer_package p where p.id = t.data_transfer_package_id), 0)
                         - t.bytes_transferred, 0) end) as bytes,
                       min(t.created_at) as oldest
                  from data_transfer t
                 where t.status <> 'completed' and ${scope}
                 group by 1, 2, 3) a
          left join data_transfer_route r on r.id = a.route_id`,
  );
  const done = await rows<DoneAggregate>(
    db,
    sql`select r.name as "from", ${LOCATION('a', 'dest')} as destination, a.day, a.n, a.bytes, a.last24, a.bytes24
          from (select t.route_id, t.destination_location_id as dest,
                       to_char(t.finished_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n,
                       sum(t.bytes_transferred) as bytes,
                       count(*) filter (where t.finished_at > ${now}::timestamptz - interval '24 hours') as last24,
                       coalesce(sum(t.bytes_transferred)
                         filter (where t.finished_at > ${now}::timestamptz - interval '24 hours'), 0) as bytes24
                  from data_transfer t
                 where t.status = 'completed' and t.finished_at >= ${windowStart(now, days)}
                   and t.finished_at <= ${now} and ${scope}
                 group by 1, 2, 3) a
          left join data_transfer_route r on r.id = a.route_id`,
  );
  const idle =
    dest === null
      ? await rows<{ from: string; destination: string }>(
          db,
          sql`select r.name as "from", coalesce(${LOCATION('r', 'destination_location_id')},
                     (select short_name from site where id = r.destination_site_id)) as destination
                from data_transfer_route r where r.active and (${route}::int is null or r.id = ${route})`,
        )
      : [];
  return { generatedAt: now, ...backlogRows(now, days, open, done, idle) };
}

/** The start of the throughput window: `days` UTC days including today, and at least the last 24 h. */
export function windowStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(Math.min(today - (days - 1) * 86_400_000, now.getTime() - 86_400_000));
}
