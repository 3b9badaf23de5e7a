import type { StagingJobRow, StagingPackageRow } from '../staging/staging-jobs.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

export const STAGING_COLUMNS: Column<StagingJobRow>[] = [
  { key: 'id', essential: true, get: (j) => j.id },
  { key: 'destination', get: (j) => j.destination },
  { key: 'status', essential: true, get: (j) => j.status },
  { key: 'packages', get: (j) => j.packages },
  { key: 'completed', get: (j) => j.completed },
  { key: 'failed', get: (j) => j.failed },
  { key: 'sizeBytes', get: (j) => j.sizeBytes, format: formatBytes },
  { key: 'requestedBy', drop: 2, get: (j) => j.requestedBy },
  { key: 'createdAt', get: (j) => j.createdAt },
  { key: 'reason', text: true, drop: 2, get: (j) => j.reason },
  { key: 'priority', extra: true, get: (j) => j.priority },
  { key: 'pending', extra: true, get: (j) => j.pending },
  { key: 'active', extra: true, get: (j) => j.active },
  { key: 'cancelled', extra: true, get: (j) => j.cancelled },
  { key: 'bytesTransferred', extra: true, get: (j) => j.bytesTransferred },
  { key: 'updatedAt', extra: true, get: (j) => j.updatedAt },
];

export const STAGING_PACKAGE_COLUMNS: Column<StagingPackageRow>[] = [
  { key: 'package', essential: true, get: (p) => p.package },
  { key: 'origin', get: (p) => p.origin },
  { key: 'status', essential: true, get: (p) => p.status },
  { key: 'sizeBytes', get: (p) => p.sizeBytes, format: formatBytes },
  { key: 'progress', get: (p) => p.progress, format: (v) => (v === null ? '' : `${v}%`) },
  { key: 'errorMessage', text: true, drop: 2, get: (p) => p.errorMessage },
];
