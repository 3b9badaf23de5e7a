import type { PackageRow } from '../views/package-list.js';
import type { PackageArchiveTransfer, PackageTransfer } from '../views/package-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const PACKAGE_COLUMNS: Column<PackageRow>[] = [
  { key: 'id', essential: true, shortId: 'package', get: (p) => p.id },
  { key: 'name', essential: true, get: (p) => p.name },
  { key: 'module', drop: 2, get: (p) => p.module },
  { key: 'executed', drop: 4, shortId: 'executed', get: (p) => p.executed },
  { key: 'state', get: (p) => p.state },
  { key: 'status', get: (p) => p.status },
  { key: 'sizeBytes', get: (p) => p.sizeBytes, format: formatBytes },
  { key: 'retryCount', drop: 3, get: (p) => p.retryCount },
  { key: 'archivedAt', drop: 2, get: (p) => p.archivedAt },
  { key: 'createdAt', drop: 3, get: (p) => p.createdAt },
  { key: 'bundle', extra: true, get: (p) => p.bundle },
];

/** The bundle's transfers in `package show`. */
export const PACKAGE_TRANSFER_COLUMNS: Column<PackageTransfer>[] = [
  { key: 'id', essential: true, get: (t) => t.id },
  { key: 'route', drop: 2, get: (t) => t.route },
  { key: 'origin', get: (t) => t.origin },
  { key: 'destination', get: (t) => t.destination },
  { key: 'status', essential: true, get: (t) => t.status },
  { key: 'retryCount', drop: 3, get: (t) => t.retryCount },
  { key: 'updatedAt', get: (t) => t.updatedAt },
];

/** The long-term-archive transfers in `package show`. */
export const PACKAGE_ARCHIVE_COLUMNS: Column<PackageArchiveTransfer>[] = [
  { key: 'id', essential: true, get: (a) => a.id },
  { key: 'origin', get: (a) => a.origin },
  { key: 'destination', get: (a) => a.destination },
  { key: 'status', essential: true, get: (a) => a.status },
  { key: 'retryCount', drop: 3, get: (a) => a.retryCount },
  { key: 'finishedAt', get: (a) => a.finishedAt },
  { key: 'errorMessage', text: true, drop: 2, get: (a) => a.errorMessage },
];
