import type { ArchiveTransferRow } from '../views/archive-list.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

export const ARCHIVE_COLUMNS: Column<ArchiveTransferRow>[] = [
  { key: 'id', essential: true, get: (a) => a.id },
  { key: 'package', essential: true, get: (a) => a.package },
  { key: 'origin', get: (a) => a.origin },
  { key: 'destination', get: (a) => a.destination },
  { key: 'status', essential: true, get: (a) => a.status },
  { key: 'retryCount', drop: 3, get: (a) => a.retryCount },
  { key: 'sizeBytes', drop: 2, get: (a) => a.sizeBytes, format: formatBytes },
  { key: 'updatedAt', get: (a) => a.updatedAt },
  { key: 'errorMessage', text: true, drop: 2, get: (a) => a.errorMessage },
  { key: 'startedAt', extra: true, get: (a) => a.startedAt },
  { key: 'finishedAt', extra: true, get: (a) => a.finishedAt },
  { key: 'createdAt', extra: true, get: (a) => a.createdAt },
];
