import type { PackageRow } from '../views/package-list.js';
import type { PackageArchiveTransfer, PackageTransfer } from '../views/package-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const PACKAGE_COLUMNS: Column<PackageRow>[] = [
  { key: 'id', essential: true, shortId: 'package' },
  { key: 'name', essential: true },
  { key: 'module', drop: 2 },
  { key: 'executed', drop: 4, shortId: 'executed' },
  { key: 'state' },
  { key: 'status' },
  { key: 'sizeBytes', format: formatBytes },
  { key: 'retryCount', drop: 3 },
  { key: 'archivedAt', drop: 2 },
  { key: 'createdAt', drop: 3 },
  { key: 'bundle', extra: true },
];

/** The bundle's transfers in `package show`. */
export const PACKAGE_TRANSFER_COLUMNS: Column<PackageTransfer>[] = [
  { key: 'id', essential: true },
  { key: 'route', drop: 2 },
  { key: 'origin' },
  { key: 'destination' },
  { key: 'status', essential: true },
  { key: 'retryCount', drop: 3 },
  { key: 'updatedAt' },
];

/** The long-term-archive transfers in `package show`. */
export const PACKAGE_ARCHIVE_COLUMNS: Column<PackageArchiveTransfer>[] = [
  { key: 'id', essential: true },
  { key: 'origin' },
  { key: 'destination' },
  { key: 'status', essential: true },
  { key: 'retryCount', drop: 3 },
  { key: 'finishedAt' },
  { key: 'errorMessage', text: true, drop: 2 },
];
