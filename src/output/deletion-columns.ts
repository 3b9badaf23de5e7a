import type { DeletableCopy } from '../deletion/deletable-copies.js';
import type { SkippedCopy } from '../deletion/schedule-deletion.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

/** `copy deletable` and `copy schedule-deletion`: the copies, oldest first, with the bytes freed so far. */
export const DELETABLE_COLUMNS: Column<DeletableCopy>[] = [
  { key: 'id', essential: true },
  { key: 'type', drop: 3 },
  { key: 'item', essential: true, text: true },
  { key: 'status' },
  { key: 'sizeBytes', format: formatBytes },
  { key: 'cumulativeBytes', drop: 2, format: formatBytes },
  { key: 'verifiedAt' },
  { key: 'createdAt', drop: 2 },
  { key: 'location', extra: true },
  { key: 'deletedAt', extra: true },
];

export const SKIPPED_COLUMNS: Column<SkippedCopy>[] = [
  { key: 'id', essential: true },
  { key: 'reason', essential: true },
  { key: 'detail', text: true },
];
