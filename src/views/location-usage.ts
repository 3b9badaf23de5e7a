import sql from 'sql-template-tag';
import { locationId } from './names.js';
import { rows, type Queryable } from './queryable.js';

export interface UsageFilter {
  /** One location (`SITE/NAME`, active or not); all active locations when absent. */
  location?: string;
  /** How many days of growth to show and to take the rate from (default 14). */
  days?: number;
}

/** The live copies at a location in one status. */
export interface StatusUsage {
  status: string;
  copies: number;
  bytes: number;
}

/** The live copies a location gained in one 24-hour period. */
export interface DailyGrowth {
  /** Start of the period; the last period ends at the report's `generatedAt`. */
  from: Date;
  copies: number;
  bytes: number;
}

/** What `--measure` read of a disk location's root (on the host it ran on). */
export interface MeasuredSpace {
  sizeBytes: number;
  freeBytes: number;
}

export interface LocationUsage {
  location: string;
  type: string;
  storage: string;
  active: boolean;
  rootPath: string | null;
  /** Live copies (every status but `deleted`) and their bytes: the copy's own size, else its item's. */
  copies: number;
  bytes: number;
  /** Live copies by status, in lifecycle order; statuses without copies are left out. */
  byStatus: StatusUsage[];
  /** Growth per 24-hour period, oldest first, over the last `days` periods ending now. */
  daily: DailyGrowth[];
  addedBytes: number;
  /** `addedBytes` over the window, per day. */
  bytesPerDay: number;
  /** Bytes the location holds when full, if recorded. */
  capacity: number | null;
  /** Capacity minus the live bytes (negative when the records say more than the capacity). */
  freeBytes: number | null;
  /** Days until full at `bytesPerDay` by the capacity: 0 when full, null without a capacity or when not filling. */
  daysLeft: number | null;
  /** Whether the location gained bytes over the window. */
  filling: boolean;
  /** With `--measure`: the root's file system, or why it could not be measured. */
  measured?: MeasuredSpace;
  measureProblem?: string;
  /** Days until the measured free space is used up at `bytesPerDay`. */
  measuredDaysLeft?: number | null;
}

export interface UsageReport {
  generatedAt: Date;
  days: number;
  locations: LocationUsage[];
}

/** The copy statuses in lifecycle order (`deleted` copies take no space and are not counted). */
const LIVE_STATUSES = [
  'present',
  'staged',
  'deletion_scheduled',
  'deletion_in_progress',
  'deletion_possible',
  'deletion_failed',
];

/** Known statuses first, in lifecycle order; one another writer invented, after them. */
const statusOrder = (status: string) => {
  const i = LIVE_STATUSES.indexOf(status);
  return i < 0 ? LIVE_STATUSES.length : i;
};

const DAY_MS = 86_400_000;

/** A copy's bytes, as `copy list` shows them: its own size where recorded, else its item's. */
const COPY_BYTES = sql`coalesce(c.size_bytes, f.size_bytes, p.size_bytes, b.size_bytes, 0)`;
const ITEMS = sql`left join raw_data_file f on f.id = c.raw_data_file_id
                  left join raw_data_package p on p.id = c.raw_data_package_id
                  left join data_transfer_package b on b.id = c.data_transfer_package_id`;
/** The same, one index probe per copy: for the few copies of the growth window. */
const COPY_BYTES_PROBED = sql`coalesce(c.size_bytes, case c.copy_type
  when 'raw_data_file' then (select f.size_bytes from raw_data_file f where f.id = c.raw_data_file_id)
  when 'raw_data_package' then (select p.size_bytes from raw_data_package p where p.id = c.raw_data_package_id)
  else (select b.size_bytes from data_transfer_package b where b.id = c.data_transfer_package_id) end, 0)`;

/**
 * Disk space per location: live copies and bytes by status, the bytes gained per day over the last
 * `days` 24-hour periods (ending now, so nothing dated in the future counts), and, where the
 * location records a capacity, the free space and the days until full at that rate. The growth is
 * read through the partial index on (data_location_id, created_at) of live copies, so it costs the
 * copies of the window, not every copy of the location; the totals by status read every live copy
 * of the location with its item's size.
 */
export async function locationUsage(db: Queryable, filter: UsageFilter = {}): Promise<UsageReport> {
  const days = filter.days ?? 14;
  const one = filter.location === undefined ? null : await locationId(db, filter.location);
  const [{ now }] = await rows<{ now: Date }>(db, sql`select now() as now`);
  const locations = await rows<{
    id: number;
    location: string;
    type: string;
    storage: string;
    active: boolean;
    rootPath: string | null;
    capacity: number | string | null;
  }>(
    db,
    sql`select l.id, s.short_name || '/' || l.name as location, l.location_type as type,
               l.storage_type as storage, l.active, l.root_path as "rootPath", l.capacity_bytes as capacity
          from data_location l join site s on s.id = l.site_id
         where (${one}::int is null and l.active) or l.id = ${one}
         order by s.short_name, l.name`,
  );
  const ids = locations.map((l) => l.id);
  // Sums past 2^53 bytes (9 PB) come as text (queryable.ts); approximate is exact enough for disk space.
  const byStatus = (
    await rows<{ id: number; status: string; copies: number | string; bytes: number | string }>(
      db,
      sql`select c.data_location_id as id, c.status, count(*) as copies, sum(${COPY_BYTES}) as bytes
          from physical_copy c ${ITEMS}
         where c.data_location_id = any(${ids}::int[]) and c.status <> 'deleted'
         group by 1, 2`,
    )
  ).map((r) => ({ ...r, copies: Number(r.copies), bytes: Number(r.bytes) }));
  const growth = (
    await rows<{ id: number; ago: number; copies: number | string; bytes: number | string }>(
      db,
      sql`select c.data_location_id as id,
               floor(extract(epoch from (${now}::timestamptz - c.created_at)) / 86400)::int as ago,
               count(*) as copies, sum(${COPY_BYTES_PROBED}) as bytes
          from physical_copy c
         where c.data_location_id = any(${ids}::int[]) and c.status <> 'deleted'
           and c.created_at > ${now}::timestamptz - make_interval(secs => ${days * 86_400})
           and c.created_at <= ${now}::timestamptz
         group by 1, 2`,
    )
  ).map((r) => ({ ...r, copies: Number(r.copies), bytes: Number(r.bytes) }));
  const growthOf = new Map(growth.map((g) => [`${g.id}:${g.ago}`, g]));
  return {
    generatedAt: now,
    days,
    locations: locations.map(({ id, capacity: recorded, ...l }) => {
      const capacity = recorded === null ? null : Number(recorded);
      const statuses = byStatus.filter((s) => s.id === id);
      const daily = Array.from({ length: days }, (_, i) => {
        const ago = days - 1 - i;
        const g = growthOf.get(`${id}:${ago}`);
        return { from: new Date(now.getTime() - (ago + 1) * DAY_MS), copies: g?.copies ?? 0, bytes: g?.bytes ?? 0 };
      });
      const bytes = statuses.reduce((n, s) => n + s.bytes, 0);
      const addedBytes = daily.reduce((n, d) => n + d.bytes, 0);
      const bytesPerDay = addedBytes / days;
      const freeBytes = capacity === null ? null : capacity - bytes;
      return {
        ...l,
        copies: statuses.reduce((n, s) => n + s.copies, 0),
        bytes,
        byStatus: statuses
          .map(({ status, copies, bytes }) => ({ status, copies, bytes }))
          .sort((a, b) => statusOrder(a.status) - statusOrder(b.status)),
        daily,
        addedBytes,
        bytesPerDay,
        capacity,
        freeBytes,
        daysLeft: freeBytes === null ? null : daysUntilFull(freeBytes, bytesPerDay),
        filling: bytesPerDay > 0,
      };
    }),
  };
}

/** Days until `freeBytes` are used up at `bytesPerDay`: 0 when nothing is free, null when not filling. */
export function daysUntilFull(freeBytes: number, bytesPerDay: number): number | null {
  if (freeBytes <= 0) return 0;
  return bytesPerDay > 0 ? freeBytes / bytesPerDay : null;
}

/** `12.3 days`, for people. */
export function formatDays(days: number): string {
  return days === 0 ? 'full' : `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
}

/**
 * `--fail-if-days-left N`: the locations full within N days, by their capacity or by the measured
 * free space, whichever is sooner; one sentence each (empty when none is).
 */
export function usageBreaches(report: UsageReport, daysLeft: number): string[] {
  return report.locations.flatMap((l) => {
    const by = [
      l.daysLeft === null ? undefined : { days: l.daysLeft, what: 'by its capacity' },
      l.measuredDaysLeft === null || l.measuredDaysLeft === undefined
        ? undefined
        : { days: l.measuredDaysLeft, what: 'by the measured free space' },
    ]
      .filter((x) => x !== undefined)
      .sort((a, b) => a.days - b.days)[0];
    if (!by || by.days > daysLeft) return [];
    return [
      by.days === 0
        ? `${l.location} is full ${by.what}`
        : `${l.location} is full in ${formatDays(by.days)} ${by.what} (limit ${daysLeft} days)`,
    ];
  });
}
