import type { TransferRow } from '../views/transfer-list.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const TRANSFER_COLUMNS: Column<TransferRow>[] = [
  { key: 'id', essential: true, get: (t) => t.id },
  { key: 'package', get: (t) => t.package },
  { key: 'route', drop: 2, get: (t) => t.route },
  { key: 'origin', get: (t) => t.origin },
  { key: 'destination', get: (t) => t.destination },
  { key: 'status', essential: true, get: (t) => t.status },
  { key: 'unpackStatus', drop: 3, get: (t) => t.unpackStatus },
  { key: 'retryCount', drop: 3, get: (t) => t.retryCount },
  { key: 'sizeBytes', drop: 2, get: (t) => t.sizeBytes, format: formatBytes },
  { key: 'updatedAt', get: (t) => t.updatedAt },
  { key: 'errorMessage', text: true, drop: 2, get: (t) => t.errorMessage },
  { key: 'bytesTransferred', extra: true, get: (t) => t.bytesTransferred },
  { key: 'startedAt', extra: true, get: (t) => t.startedAt },
  { key: 'finishedAt', extra: true, get: (t) => t.finishedAt },
  { key: 'createdAt', extra: true, get: (t) => t.createdAt },
];
