import type { ArchiveTransferRow } from '../views/archive-list.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

export const ARCHIVE_COLUMNS: Column<ArchiveTransferRow>[] = [
  { key: 'id', header: 'ID', essential: true, get: (a) => a.id },
  { key: 'package', header: 'Package', essential: true, get: (a) => a.package },
  { key: 'origin', header: 'From', get: (a) => a.origin },
  { key: 'destination', header: 'To', get: (a) => a.destination },
  { key: 'status', header: 'Status', essential: true, get: (a) => a.status },
  { key: 'retryCount', header: 'Retries', drop: 3, get: (a) => a.retryCount },
  { key: 'sizeBytes', header: 'Size', drop: 2, get: (a) => a.sizeBytes, format: formatBytes },
  { key: 'updatedAt', header: 'Updated', get: (a) => a.updatedAt },
  { key: 'errorMessage', header: 'Error', text: true, drop: 2, get: (a) => a.errorMessage },
];
