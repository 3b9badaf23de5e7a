import type { Coverage, FindingRow } from '../audit/audit-lists.js';
import type { SummaryRow } from '../audit/audit-summary.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

const findings = (r: SummaryRow) =>
  r.missing + r.size_mismatch + r.checksum_mismatch + r.dark + r.unreadable + r.unknown_algorithm + r.outside_root;

export const RUN_COLUMNS: Column<SummaryRow>[] = [
  { key: 'id', essential: true },
  { key: 'location' },
  { key: 'mode', drop: 2 },
  {
    key: 'status',
    essential: true,
    get: (r) => (r.stopReason && r.status === 'running' ? `paused (${r.stopReason})` : r.status),
  },
  { key: 'checked', get: (r) => (r.planned === null ? r.checked : `${r.checked}/${r.planned}`) },
  { key: 'bytes', drop: 2, format: formatBytes },
  { key: 'findings', derived: true, get: findings },
  { key: 'host', drop: 3 },
  { key: 'startedAt' },
  { key: 'finishedAt', drop: 2 },
  { key: 'planned', extra: true },
  { key: 'ok', extra: true },
  { key: 'stopReason', extra: true },
  { key: 'pid', extra: true },
  { key: 'heartbeatAt', extra: true },
  { key: 'params', extra: true },
  { key: 'missing', extra: true },
  { key: 'size_mismatch', extra: true },
  { key: 'checksum_mismatch', extra: true },
  { key: 'dark', extra: true },
  { key: 'unreadable', extra: true },
  { key: 'unknown_algorithm', extra: true },
  { key: 'outside_root', extra: true },
];

export const COVERAGE_COLUMNS: Column<Coverage>[] = [
  { key: 'location' },
  { key: 'copies' },
  { key: 'neverVerified' },
  { key: 'oldestVerifiedAt' },
  { key: 'lastRun', drop: 2, get: (c) => (c.lastRun ? `${c.lastRun} (${c.lastRunStatus})` : null) },
  { key: 'lastRunAt' },
  { key: 'openFindings' },
];

export const FINDING_COLUMNS: Column<FindingRow>[] = [
  { key: 'id', essential: true },
  { key: 'kind', essential: true },
  { key: 'location' },
  { key: 'path', text: true },
  { key: 'copy', drop: 2 },
  { key: 'expected', text: true, drop: 3 },
  { key: 'actual', text: true, drop: 3 },
  { key: 'run', drop: 2 },
  { key: 'lastRun', drop: 2 },
  { key: 'resolution', get: (f) => (f.resolvedAt ? f.resolution : null) },
  { key: 'resolvedAt', extra: true },
  { key: 'createdAt', extra: true },
  { key: 'lastSeenAt', extra: true },
];
