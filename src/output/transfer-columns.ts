import type { TransferRow } from '../views/transfer-list.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const TRANSFER_COLUMNS: Column<TransferRow>[] = [
  { key: 'id', essential: true },
  { key: 'package' },
  { key: 'route', drop: 2 },
  { key: 'origin' },
  { key: 'destination' },
  { key: 'status', essential: true },
  { key: 'unpackStatus', drop: 3 },
  { key: 'retryCount', drop: 3 },
  { key: 'sizeBytes', drop: 2, format: formatBytes },
  { key: 'updatedAt' },
  { key: 'errorMessage', text: true, drop: 2 },
  { key: 'bytesTransferred', extra: true },
  { key: 'startedAt', extra: true },
  { key: 'finishedAt', extra: true },
  { key: 'createdAt', extra: true },
];
