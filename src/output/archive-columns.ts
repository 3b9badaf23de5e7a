import type { ArchiveTransferRow } from '../views/archive-list.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

export const ARCHIVE_COLUMNS: Column<ArchiveTransferRow>[] = [
  { key: 'id', essential: true },
  { key: 'package', essential: true },
  { key: 'origin' },
  { key: 'destination' },
  { key: 'status', essential: true },
  { key: 'retryCount', drop: 3 },
  { key: 'sizeBytes', drop: 2, format: formatBytes },
  { key: 'updatedAt' },
  { key: 'errorMessage', text: true, drop: 2 },
  { key: 'startedAt', extra: true },
  { key: 'finishedAt', extra: true },
  { key: 'createdAt', extra: true },
];
