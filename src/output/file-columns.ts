import type { FileRow } from '../views/file-list.js';
import type { ItemCopy } from '../views/file-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const FILE_COLUMNS: Column<FileRow>[] = [
  { key: 'id', header: 'ID', get: (f) => f.id },
  { key: 'relativePath', header: 'Path', get: (f) => f.relativePath },
  { key: 'module', header: 'Module', get: (f) => f.module },
  { key: 'package', header: 'Package', get: (f) => f.package },
  { key: 'sizeBytes', header: 'Size', get: (f) => f.sizeBytes, format: formatBytes },
  { key: 'checksumAlgorithm', header: 'Algorithm', get: (f) => f.checksumAlgorithm },
  { key: 'checksum', header: 'Checksum', get: (f) => f.checksum },
  { key: 'createdAt', header: 'Created', get: (f) => f.createdAt },
];

/** The copies table of `file show` and `package show`. */
export const ITEM_COPY_COLUMNS: Column<ItemCopy>[] = [
  { key: 'id', header: 'Copy', get: (c) => c.id },
  { key: 'location', header: 'Location', get: (c) => c.location },
  { key: 'status', header: 'Status', get: (c) => c.status },
  { key: 'verifiedAt', header: 'Verified', get: (c) => c.verifiedAt },
  { key: 'deletedAt', header: 'Deleted', get: (c) => c.deletedAt },
  { key: 'path', header: 'Path', get: (c) => c.path },
];
