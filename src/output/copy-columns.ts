import type { CopyRow } from '../views/copy-list.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const COPY_COLUMNS: Column<CopyRow>[] = [
  { key: 'id', essential: true, get: (c) => c.id },
  { key: 'type', drop: 3, get: (c) => c.type },
  { key: 'item', essential: true, text: true, get: (c) => c.item },
  { key: 'location', get: (c) => c.location },
  { key: 'status', essential: true, get: (c) => c.status },
  { key: 'sizeBytes', get: (c) => c.sizeBytes, format: formatBytes },
  { key: 'verifiedAt', get: (c) => c.verifiedAt },
  { key: 'createdAt', drop: 2, get: (c) => c.createdAt },
  { key: 'deletedAt', extra: true, get: (c) => c.deletedAt },
];
