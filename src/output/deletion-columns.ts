import type { DeletableCopy } from '../deletion/deletable-copies.js';
import type { SkippedCopy } from '../deletion/schedule-deletion.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

/** `copy deletable` and `copy schedule-deletion`: the copies, oldest first, with the bytes freed so far. */
export const DELETABLE_COLUMNS: Column<DeletableCopy>[] = [
  { key: 'id', header: 'ID', essential: true, get: (c) => c.id },
  { key: 'type', header: 'Type', drop: 3, get: (c) => c.type },
  { key: 'item', header: 'Item', essential: true, text: true, get: (c) => c.item },
  { key: 'status', header: 'Status', get: (c) => c.status },
  { key: 'sizeBytes', header: 'Size', get: (c) => c.sizeBytes, format: formatBytes },
  { key: 'cumulativeBytes', header: 'Cumulative', drop: 2, get: (c) => c.cumulativeBytes, format: formatBytes },
  { key: 'verifiedAt', header: 'Verified', get: (c) => c.verifiedAt },
  { key: 'createdAt', header: 'Created', drop: 2, get: (c) => c.createdAt },
];

export const SKIPPED_COLUMNS: Column<SkippedCopy>[] = [
  { key: 'id', header: 'ID', essential: true, get: (s) => s.id },
  { key: 'reason', header: 'Reason', essential: true, get: (s) => s.reason },
  { key: 'detail', header: 'Detail', text: true, get: (s) => s.detail },
];
