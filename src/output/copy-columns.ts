import type { CopyRow } from '../views/copy-list.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const COPY_COLUMNS: Column<CopyRow>[] = [
  { key: 'id', essential: true },
  { key: 'type', drop: 3 },
  { key: 'item', essential: true, text: true },
  { key: 'location' },
  { key: 'status', essential: true },
  { key: 'sizeBytes', format: formatBytes },
  { key: 'verifiedAt' },
  { key: 'createdAt', drop: 2 },
  { key: 'deletedAt', extra: true },
];
