import type { TransferRow } from '../views/transfer-list.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const TRANSFER_COLUMNS: Column<TransferRow>[] = [
  { key: 'id', header: 'ID', essential: true, get: (t) => t.id },
  { key: 'package', header: 'Package', get: (t) => t.package },
  { key: 'route', header: 'Route', drop: 2, get: (t) => t.route },
  { key: 'origin', header: 'From', get: (t) => t.origin },
  { key: 'destination', header: 'To', get: (t) => t.destination },
  { key: 'status', header: 'Status', essential: true, get: (t) => t.status },
  { key: 'unpackStatus', header: 'Unpack', drop: 3, get: (t) => t.unpackStatus },
  { key: 'retryCount', header: 'Retries', drop: 3, get: (t) => t.retryCount },
  { key: 'sizeBytes', header: 'Size', drop: 2, get: (t) => t.sizeBytes, format: formatBytes },
  { key: 'updatedAt', header: 'Updated', get: (t) => t.updatedAt },
  { key: 'errorMessage', header: 'Error', text: true, drop: 2, get: (t) => t.errorMessage },
];
