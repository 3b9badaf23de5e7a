import type { FileRow } from '../views/file-list.js';
import type { ItemCopy } from '../views/file-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const FILE_COLUMNS: Column<FileRow>[] = [
  { key: 'id', header: 'ID', essential: true, shortId: 'file', get: (f) => f.id },
  { key: 'relativePath', header: 'Path', essential: true, text: true, get: (f) => f.relativePath },
  { key: 'module', header: 'Module', drop: 2, get: (f) => f.module },
  { key: 'package', header: 'Package', drop: 2, get: (f) => f.package },
  { key: 'sizeBytes', header: 'Size', get: (f) => f.sizeBytes, format: formatBytes },
  { key: 'checksumAlgorithm', header: 'Algorithm', drop: 4, get: (f) => f.checksumAlgorithm },
  { key: 'checksum', header: 'Checksum', text: true, drop: 4, get: (f) => f.checksum },
  { key: 'createdAt', header: 'Created', drop: 3, get: (f) => f.createdAt },
];

/** The copies table of `file show` and `package show`. */
export const ITEM_COPY_COLUMNS: Column<ItemCopy>[] = [
  { key: 'id', header: 'Copy', essential: true, get: (c) => c.id },
  { key: 'location', header: 'Location', essential: true, get: (c) => c.location },
  { key: 'status', header: 'Status', essential: true, get: (c) => c.status },
  { key: 'verifiedAt', header: 'Verified', get: (c) => c.verifiedAt },
  { key: 'deletedAt', header: 'Deleted', drop: 2, get: (c) => c.deletedAt },
  { key: 'path', header: 'Path', text: true, get: (c) => c.path },
];
