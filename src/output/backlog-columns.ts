import { formatDuration } from '../views/time-input.js';
import type { BacklogRow } from '../views/backlog.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';
import { sparkline } from './sparkline.js';

const duration = (v: unknown) => (typeof v === 'number' ? formatDuration(v * 1000) : '');

/**
 * The backlog for people: counts, bytes, the oldest waiting item, the last 24 h, time to clear, and
 * a sparkline of the daily throughput (people look before they read). CSV and JSON get raw numbers.
 */
export function backlogColumns(): Column<BacklogRow>[] {
  return [
    { key: 'from', essential: true, get: (r) => r.from ?? '(no route)' },
    { key: 'destination', essential: true },
    { key: 'pending' },
    { key: 'scheduled' },
    { key: 'inProgress' },
    { key: 'failed' },
    { key: 'waitingBytes', format: formatBytes },
    { key: 'oldestWaitingSeconds', format: duration },
    { key: 'completed24h' },
    { key: 'completedBytes24h', drop: 2, format: formatBytes },
    {
      key: 'clearSeconds',
      format: (v) => (v === 0 ? '-' : v === null ? 'stalled' : duration(v)),
    },
    {
      key: 'daily',
      drop: 3,
      get: (r) => r.daily.map((d) => d.bytes),
      format: (v) => sparkline(v as number[]),
    },
  ];
}
