import type { StagingJobRow, StagingPackageRow } from '../staging/staging-jobs.js';
import { formatBytes } from './bytes.js';
import type { Column } from './columns.js';

export const STAGING_COLUMNS: Column<StagingJobRow>[] = [
  { key: 'id', essential: true },
  { key: 'destination' },
  { key: 'status', essential: true },
  { key: 'packages' },
  { key: 'completed' },
  { key: 'failed' },
  { key: 'sizeBytes', format: formatBytes },
  { key: 'requestedBy', drop: 2 },
  { key: 'createdAt' },
  { key: 'reason', text: true, drop: 2 },
  { key: 'priority', extra: true },
  { key: 'pending', extra: true },
  { key: 'active', extra: true },
  { key: 'cancelled', extra: true },
  { key: 'bytesTransferred', extra: true },
  { key: 'updatedAt', extra: true },
];

export const STAGING_PACKAGE_COLUMNS: Column<StagingPackageRow>[] = [
  { key: 'package', essential: true },
  { key: 'origin' },
  { key: 'status', essential: true },
  { key: 'sizeBytes', format: formatBytes },
  { key: 'progress', format: (v) => (v === null ? '' : `${v}%`) },
  { key: 'errorMessage', text: true, drop: 2 },
];
