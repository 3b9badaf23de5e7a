import type { PackageRow } from '../views/package-list.js';
import type { PackageArchiveTransfer, PackageTransfer } from '../views/package-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const PACKAGE_COLUMNS: Column<PackageRow>[] = [
  { key: 'id', header: 'ID', essential: true, shortId: 'package', get: (p) => p.id },
  { key: 'name', header: 'Name', essential: true, get: (p) => p.name },
  { key: 'module', header: 'Module', drop: 2, get: (p) => p.module },
  { key: 'executed', header: 'Executed', drop: 4, shortId: 'executed', get: (p) => p.executed },
  { key: 'state', header: 'State', get: (p) => p.state },
  { key: 'status', header: 'Status', get: (p) => p.status },
  { key: 'sizeBytes', header: 'Size', get: (p) => p.sizeBytes, format: formatBytes },
  { key: 'retryCount', header: 'Retries', drop: 3, get: (p) => p.retryCount },
  { key: 'archivedAt', header: 'Archived', drop: 2, get: (p) => p.archivedAt },
  { key: 'createdAt', header: 'Created', drop: 3, get: (p) => p.createdAt },
];

/** The bundle's transfers in `package show`. */
export const PACKAGE_TRANSFER_COLUMNS: Column<PackageTransfer>[] = [
  { key: 'id', header: 'Transfer', essential: true, get: (t) => t.id },
  { key: 'route', header: 'Route', drop: 2, get: (t) => t.route },
  { key: 'origin', header: 'From', get: (t) => t.origin },
  { key: 'destination', header: 'To', get: (t) => t.destination },
  { key: 'status', header: 'Status', essential: true, get: (t) => t.status },
  { key: 'retryCount', header: 'Retries', drop: 3, get: (t) => t.retryCount },
  { key: 'updatedAt', header: 'Updated', get: (t) => t.updatedAt },
];

/** The long-term-archive transfers in `package show`. */
export const PACKAGE_ARCHIVE_COLUMNS: Column<PackageArchiveTransfer>[] = [
  { key: 'id', header: 'Archive transfer', essential: true, get: (a) => a.id },
  { key: 'origin', header: 'From', get: (a) => a.origin },
  { key: 'destination', header: 'To', get: (a) => a.destination },
  { key: 'status', header: 'Status', essential: true, get: (a) => a.status },
  { key: 'retryCount', header: 'Retries', drop: 3, get: (a) => a.retryCount },
  { key: 'finishedAt', header: 'Finished', get: (a) => a.finishedAt },
  { key: 'errorMessage', header: 'Error', text: true, drop: 2, get: (a) => a.errorMessage },
];
