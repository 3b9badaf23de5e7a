import sql, { raw } from 'sql-template-tag';
import { backlogRows, type BacklogRow, type BacklogTotals, type DoneAggregate, type OpenAggregate } from './backlog.js';
import { siteOrLocationIds } from './names.js';
import { rows, type Queryable } from './queryable.js';
import { windowStart } from './transfer-backlog.js';

export interface ArchiveBacklogFilter {
  origin?: string;
  destination?: string;
  days?: number;
  /** Packages count as late when not archived this long after creation (ms; default 24 h). */
  notArchivedAfterMs?: number;
}

export interface ArchiveBacklogReport {
  generatedAt: Date;
  rows: BacklogRow[];
  totals: BacklogTotals;
  /** Raw data packages not archived `afterSeconds` after their creation. */
  notArchived: { afterSeconds: number; count: number; oldestCreatedAt: Date | null; byState: Record<string, number> };
}

const LOCATION = (column: string) =>
  sql`(select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = ${raw(column)})`;

/**
 * The long-term-archive backlog per origin and destination (LTA) location, like the transfer
 * backlog, plus the raw data packages not yet archived a given time after they were created.
 */
export async function archiveBacklog(db: Queryable, filter: ArchiveBacklogFilter = {}): Promise<ArchiveBacklogReport> {
  const origin = filter.origin === undefined ? null : await siteOrLocationIds(db, filter.origin, 'origin');
  const dest = filter.destination === undefined ? null : await siteOrLocationIds(db, filter.destination, 'destination');
  const days = filter.days ?? 7;
  const afterMs = filter.notArchivedAfterMs ?? 86_400_000;
  const scope = sql`(${origin}::int[] is null or a.origin_location_id = any(${origin}::int[]))
    and (${dest}::int[] is null or a.destination_location_id = any(${dest}::int[]))`;
  const [{ now }] = await rows<{ now: Date }>(db, sql`select now() as now`);
  const open = await rows<OpenAggregate>(
    db,
    sql`select ${LOCATION('x.origin')} as "from", ${LOCATION('x.dest')} as destination, x.status, x.n, x.bytes, x.oldest
          from (select a.origin_location_id as origin, a.destination_location_id as dest, a.status, count(*) as n,
                       sum(case when a.status <> 'failed' then coalesce(
                         (select p.size_bytes from raw_data_package p where p.id = a.raw_data_package_id), 0) end) as bytes,
                       min(a.created_at) as oldest
                  from long_term_archive_transfer a
                 where a.status <> 'completed' and ${scope}
                 group by 1, 2, 3) x`,
  );
  const done = await rows<DoneAggregate>(
    db,
    sql`select ${LOCATION('x.origin')} as "from", ${LOCATION('x.dest')} as destination, x.day, x.n, x.bytes, x.last24, x.bytes24
          from (select a.origin_location_id as origin, a.destination_location_id as dest,
                       to_char(a.finished_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n,
                       coalesce(sum(p.size_bytes), 0) as bytes,
                       count(*) filter (where a.finished_at > ${now}::timestamptz - interval '24 hours') as last24,
                       coalesce(sum(p.size_bytes)
                         filter (where a.finished_at > ${now}::timestamptz - interval '24 hours'), 0) as bytes24
                  from long_term_archive_transfer a join raw_data_package p on p.id = a.raw_data_package_id
                 where a.status = 'completed' and a.finished_at >= ${windowStart(now, days)}
                   and a.finished_at <= ${now} and ${scope}
                 group by 1, 2, 3) x`,
  );
  const late = await rows<{ state: string; n: number; oldest: Date | null }>(
    db,
    sql`select state, count(*) as n, min(created_at) as oldest from raw_data_package
         where state = any(${['waiting', 'transferring', 'failed']}::text[]) and created_at < ${new Date(now.getTime() - afterMs)}
         group by state`,
  );
  const oldest = late.map((l) => l.oldest).filter((d): d is Date => d !== null);
  return {
    generatedAt: now,
    ...backlogRows(now, days, open, done),
    notArchived: {
      afterSeconds: Math.round(afterMs / 1000),
      count: late.reduce((n, l) => n + l.n, 0),
      oldestCreatedAt: oldest.length ? new Date(Math.min(...oldest.map((d) => d.getTime()))) : null,
      byState: Object.fromEntries(late.map((l) => [l.state, l.n])),
    },
  };
}
