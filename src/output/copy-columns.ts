import type { CopyRow } from '../views/copy-list.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const COPY_COLUMNS: Column<CopyRow>[] = [
  { key: 'id', header: 'ID', essential: true, get: (c) => c.id },
  { key: 'type', header: 'Type', drop: 3, get: (c) => c.type },
  { key: 'item', header: 'Item', essential: true, text: true, get: (c) => c.item },
  { key: 'location', header: 'Location', get: (c) => c.location },
  { key: 'status', header: 'Status', essential: true, get: (c) => c.status },
  { key: 'sizeBytes', header: 'Size', get: (c) => c.sizeBytes, format: formatBytes },
  { key: 'verifiedAt', header: 'Verified', get: (c) => c.verifiedAt },
  { key: 'createdAt', header: 'Created', drop: 2, get: (c) => c.createdAt },
];
