import type { FileRow } from '../views/file-list.js';
import type { ItemCopy } from '../views/file-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const FILE_COLUMNS: Column<FileRow>[] = [
  { key: 'id', essential: true, shortId: 'file', get: (f) => f.id },
  { key: 'relativePath', essential: true, text: true, get: (f) => f.relativePath },
  { key: 'module', drop: 2, get: (f) => f.module },
  { key: 'package', drop: 2, get: (f) => f.package },
  { key: 'sizeBytes', get: (f) => f.sizeBytes, format: formatBytes },
  { key: 'checksumAlgorithm', drop: 4, get: (f) => f.checksumAlgorithm },
  { key: 'checksum', text: true, drop: 4, get: (f) => f.checksum },
  { key: 'createdAt', drop: 3, get: (f) => f.createdAt },
  { key: 'executed', extra: true, get: (f) => f.executed },
];

/** The copies table of `file show` and `package show`. */
export const ITEM_COPY_COLUMNS: Column<ItemCopy>[] = [
  { key: 'id', essential: true, get: (c) => c.id },
  { key: 'location', essential: true, get: (c) => c.location },
  { key: 'status', essential: true, get: (c) => c.status },
  { key: 'verifiedAt', get: (c) => c.verifiedAt },
  { key: 'deletedAt', drop: 2, get: (c) => c.deletedAt },
  { key: 'path', text: true, get: (c) => c.path },
];
