import type { StagingJobRow, StagingPackageRow } from '../staging/staging-jobs.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

export const STAGING_COLUMNS: Column<StagingJobRow>[] = [
  { key: 'id', header: 'ID', essential: true, get: (j) => j.id },
  { key: 'destination', header: 'To', get: (j) => j.destination },
  { key: 'status', header: 'Status', essential: true, get: (j) => j.status },
  { key: 'packages', header: 'Packages', get: (j) => j.packages },
  { key: 'completed', header: 'Done', get: (j) => j.completed },
  { key: 'failed', header: 'Failed', get: (j) => j.failed },
  { key: 'sizeBytes', header: 'Size', get: (j) => j.sizeBytes, format: formatBytes },
  { key: 'requestedBy', header: 'Requested by', drop: 2, get: (j) => j.requestedBy },
  { key: 'createdAt', header: 'Created', get: (j) => j.createdAt },
  { key: 'reason', header: 'Reason', text: true, drop: 2, get: (j) => j.reason },
];

export const STAGING_PACKAGE_COLUMNS: Column<StagingPackageRow>[] = [
  { key: 'package', header: 'Package', essential: true, get: (p) => p.package },
  { key: 'origin', header: 'From', get: (p) => p.origin },
  { key: 'status', header: 'Status', essential: true, get: (p) => p.status },
  { key: 'sizeBytes', header: 'Size', get: (p) => p.sizeBytes, format: formatBytes },
  { key: 'progress', header: 'Progress', get: (p) => p.progress, format: (v) => (v === null ? '' : `${v}%`) },
  { key: 'errorMessage', header: 'Error', text: true, drop: 2, get: (p) => p.errorMessage },
];
