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
export function backlogColumns(noun = 'route'): Column<BacklogRow>[] {
  return [
    { key: 'from', header: noun === 'route' ? 'Route' : 'From', essential: true, get: (r) => r.from ?? '(no route)' },
    { key: 'destination', header: 'To', essential: true, get: (r) => r.destination },
    { key: 'pending', header: 'Pending', get: (r) => r.pending },
    { key: 'scheduled', header: 'Sched.', get: (r) => r.scheduled },
    { key: 'inProgress', header: 'Running', get: (r) => r.inProgress },
    { key: 'failed', header: 'Failed', get: (r) => r.failed },
    { key: 'waitingBytes', header: 'Waiting', get: (r) => r.waitingBytes, format: formatBytes },
    { key: 'oldestWaitingSeconds', header: 'Oldest', get: (r) => r.oldestWaitingSeconds, format: duration },
    { key: 'completed24h', header: 'Done 24h', get: (r) => r.completed24h },
    { key: 'completedBytes24h', header: 'Bytes 24h', drop: 2, get: (r) => r.completedBytes24h, format: formatBytes },
    {
      key: 'clearSeconds',
      header: 'Clears in',
      get: (r) => r.clearSeconds,
      format: (v) => (v === 0 ? '-' : v === null ? 'stalled' : duration(v)),
    },
    {
      key: 'daily',
      header: `Daily bytes`,
      drop: 3,
      get: (r) => r.daily.map((d) => d.bytes),
      format: (v) => sparkline(v as number[]),
    },
  ];
}
