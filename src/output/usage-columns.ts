import { formatDays, type LocationUsage } from '../views/location-usage.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';
import { sparkline } from './sparkline.js';

/** Days until full, or `not filling` where there is a capacity (or a measurement) but no growth. */
const fullIn = (days: number | null | undefined, known: boolean) =>
  days === null || days === undefined ? (known ? 'not filling' : null) : days;
const showDays = (v: unknown) => (typeof v === 'number' ? formatDays(v) : typeof v === 'string' ? v : '');

/**
 * Disk space for people: live copies and bytes (and by status), the daily growth as a sparkline
 * with its rate, and free space and days until full by the capacity and, with `--measure`, by the
 * root's file system. CSV and JSON get raw numbers.
 */
export const USAGE_COLUMNS: Column<LocationUsage>[] = [
  { key: 'location', essential: true },
  { key: 'type' },
  { key: 'storage' },
  { key: 'copies' },
  { key: 'bytes', format: formatBytes },
  {
    key: 'byStatus',
    text: true,
    drop: 3,
    format: (v) =>
      (v as LocationUsage['byStatus']).map((s) => `${s.status} ${s.copies} (${formatBytes(s.bytes)})`).join(', '),
  },
  {
    key: 'daily',
    drop: 2,
    get: (l) => l.daily.map((d) => d.bytes),
    format: (v) => sparkline(v as number[]),
  },
  { key: 'bytesPerDay', format: formatBytes },
  { key: 'capacity', format: formatBytes },
  { key: 'freeBytes', format: formatBytes },
  {
    key: 'daysLeft',
    get: (l) => fullIn(l.daysLeft, l.capacity !== null),
    format: showDays,
  },
  { key: 'measuredSizeBytes', get: (l) => l.measured?.sizeBytes, format: formatBytes },
  { key: 'measuredFreeBytes', get: (l) => l.measured?.freeBytes, format: formatBytes },
  {
    key: 'measuredDaysLeft',
    get: (l) => fullIn(l.measuredDaysLeft, l.measured !== undefined),
    format: showDays,
  },
  { key: 'measureProblem', text: true },
];

/** What the table shows unless `--columns` says otherwise; the disk columns only with `--measure`. */
export function usageDefaultColumns(measure: boolean): string[] {
  const base = ['location', 'copies', 'bytes', 'byStatus', 'daily', 'bytesPerDay', 'capacity', 'freeBytes', 'daysLeft'];
  return measure ? [...base, 'measuredSizeBytes', 'measuredFreeBytes', 'measuredDaysLeft', 'measureProblem'] : base;
}
