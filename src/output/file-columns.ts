import type { FileRow } from '../views/file-list.js';
import type { ItemCopy } from '../views/file-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const FILE_COLUMNS: Column<FileRow>[] = [
  { key: 'id', essential: true, shortId: 'file' },
  { key: 'relativePath', essential: true, text: true },
  { key: 'module', drop: 2 },
  { key: 'package', drop: 2 },
  { key: 'sizeBytes', format: formatBytes },
  { key: 'checksumAlgorithm', drop: 4 },
  { key: 'checksum', text: true, drop: 4 },
  { key: 'createdAt', drop: 3 },
  { key: 'executed', extra: true },
];

/** The copies table of `file show` and `package show`. */
export const ITEM_COPY_COLUMNS: Column<ItemCopy>[] = [
  { key: 'id', essential: true },
  { key: 'location', essential: true },
  { key: 'status', essential: true },
  { key: 'verifiedAt' },
  { key: 'deletedAt', drop: 2 },
  { key: 'path', text: true },
];
