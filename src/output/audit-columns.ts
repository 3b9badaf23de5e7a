import type { Coverage, FindingRow } from '../audit/audit-lists.js';
import type { SummaryRow } from '../audit/audit-summary.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

const findings = (r: SummaryRow) =>
  r.missing + r.size_mismatch + r.checksum_mismatch + r.dark + r.unreadable + r.unknown_algorithm + r.outside_root;

export const RUN_COLUMNS: Column<SummaryRow>[] = [
  { key: 'id', essential: true, get: (r) => r.id },
  { key: 'location', get: (r) => r.location },
  { key: 'mode', drop: 2, get: (r) => r.mode },
  {
    key: 'status',
    essential: true,
    get: (r) => (r.stopReason && r.status === 'running' ? `paused (${r.stopReason})` : r.status),
  },
  { key: 'checked', get: (r) => (r.planned === null ? r.checked : `${r.checked}/${r.planned}`) },
  { key: 'bytes', drop: 2, get: (r) => r.bytes, format: formatBytes },
  { key: 'findings', derived: true, get: findings },
  { key: 'host', drop: 3, get: (r) => r.host },
  { key: 'startedAt', get: (r) => r.startedAt },
  { key: 'finishedAt', drop: 2, get: (r) => r.finishedAt },
  { key: 'planned', extra: true, get: (r) => r.planned },
  { key: 'ok', extra: true, get: (r) => r.ok },
  { key: 'stopReason', extra: true, get: (r) => r.stopReason },
  { key: 'pid', extra: true, get: (r) => r.pid },
  { key: 'heartbeatAt', extra: true, get: (r) => r.heartbeatAt },
  { key: 'params', extra: true, get: (r) => r.params },
  { key: 'missing', extra: true, get: (r) => r.missing },
  { key: 'size_mismatch', extra: true, get: (r) => r.size_mismatch },
  { key: 'checksum_mismatch', extra: true, get: (r) => r.checksum_mismatch },
  { key: 'dark', extra: true, get: (r) => r.dark },
  { key: 'unreadable', extra: true, get: (r) => r.unreadable },
  { key: 'unknown_algorithm', extra: true, get: (r) => r.unknown_algorithm },
  { key: 'outside_root', extra: true, get: (r) => r.outside_root },
];

export const COVERAGE_COLUMNS: Column<Coverage>[] = [
  { key: 'location', get: (c) => c.location },
  { key: 'copies', get: (c) => c.copies },
  { key: 'neverVerified', get: (c) => c.neverVerified },
  { key: 'oldestVerifiedAt', get: (c) => c.oldestVerifiedAt },
  { key: 'lastRun', drop: 2, get: (c) => (c.lastRun ? `${c.lastRun} (${c.lastRunStatus})` : null) },
  { key: 'lastRunAt', get: (c) => c.lastRunAt },
  { key: 'openFindings', get: (c) => c.openFindings },
];

export const FINDING_COLUMNS: Column<FindingRow>[] = [
  { key: 'id', essential: true, get: (f) => f.id },
  { key: 'kind', essential: true, get: (f) => f.kind },
  { key: 'location', get: (f) => f.location },
  { key: 'path', text: true, get: (f) => f.path },
  { key: 'copy', drop: 2, get: (f) => f.copy },
  { key: 'expected', text: true, drop: 3, get: (f) => f.expected },
  { key: 'actual', text: true, drop: 3, get: (f) => f.actual },
  { key: 'run', drop: 2, get: (f) => f.run },
  { key: 'lastRun', drop: 2, get: (f) => f.lastRun },
  { key: 'resolution', get: (f) => (f.resolvedAt ? f.resolution : null) },
  { key: 'resolvedAt', extra: true, get: (f) => f.resolvedAt },
  { key: 'createdAt', extra: true, get: (f) => f.createdAt },
  { key: 'lastSeenAt', extra: true, get: (f) => f.lastSeenAt },
];
