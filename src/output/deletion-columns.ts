import type { DeletableCopy } from '../deletion/deletable-copies.js';
import type { SkippedCopy } from '../deletion/schedule-deletion.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

/** `copy deletable` and `copy schedule-deletion`: the copies, oldest first, with the bytes freed so far. */
export const DELETABLE_COLUMNS: Column<DeletableCopy>[] = [
  { key: 'id', essential: true, get: (c) => c.id },
  { key: 'type', drop: 3, get: (c) => c.type },
  { key: 'item', essential: true, text: true, get: (c) => c.item },
  { key: 'status', get: (c) => c.status },
  { key: 'sizeBytes', get: (c) => c.sizeBytes, format: formatBytes },
  { key: 'cumulativeBytes', drop: 2, get: (c) => c.cumulativeBytes, format: formatBytes },
  { key: 'verifiedAt', get: (c) => c.verifiedAt },
  { key: 'createdAt', drop: 2, get: (c) => c.createdAt },
  { key: 'location', extra: true, get: (c) => c.location },
  { key: 'deletedAt', extra: true, get: (c) => c.deletedAt },
];

export const SKIPPED_COLUMNS: Column<SkippedCopy>[] = [
  { key: 'id', essential: true, get: (s) => s.id },
  { key: 'reason', essential: true, get: (s) => s.reason },
  { key: 'detail', text: true, get: (s) => s.detail },
];
