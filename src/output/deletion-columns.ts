import type { DeletableCopy } from '../deletion/deletable-copies.js';
import type { SkippedCopy } from '../deletion/schedule-deletion.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

/** `copy deletable` and `copy schedule-deletion`: the copies, oldest first, with the bytes freed so far. */
export const DELETABLE_COLUMNS: Column<DeletableCopy>[] = [
  { key: 'id', header: 'ID', get: (c) => c.id },
  { key: 'type', header: 'Type', get: (c) => c.type },
  { key: 'item', header: 'Item', get: (c) => c.item },
  { key: 'status', header: 'Status', get: (c) => c.status },
  { key: 'sizeBytes', header: 'Size', get: (c) => c.sizeBytes, format: formatBytes },
  { key: 'cumulativeBytes', header: 'Cumulative', get: (c) => c.cumulativeBytes, format: formatBytes },
  { key: 'verifiedAt', header: 'Verified', get: (c) => c.verifiedAt },
  { key: 'createdAt', header: 'Created', get: (c) => c.createdAt },
];

export const SKIPPED_COLUMNS: Column<SkippedCopy>[] = [
  { key: 'id', header: 'ID', get: (s) => s.id },
  { key: 'reason', header: 'Reason', get: (s) => s.reason },
  { key: 'detail', header: 'Detail', get: (s) => s.detail },
];
