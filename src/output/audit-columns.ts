import type { Coverage, FindingRow } from '../audit/audit-lists.js';
import type { SummaryRow } from '../audit/audit-summary.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

const findings = (r: SummaryRow) =>
  r.missing + r.size_mismatch + r.checksum_mismatch + r.dark + r.unreadable + r.unknown_algorithm + r.outside_root;

export const RUN_COLUMNS: Column<SummaryRow>[] = [
  { key: 'id', header: 'Run', essential: true, get: (r) => r.id },
  { key: 'location', header: 'Location', get: (r) => r.location },
  { key: 'mode', header: 'Mode', drop: 2, get: (r) => r.mode },
  {
    key: 'status',
    header: 'Status',
    essential: true,
    get: (r) => (r.stopReason && r.status === 'running' ? `paused (${r.stopReason})` : r.status),
  },
  { key: 'checked', header: 'Checked', get: (r) => (r.planned === null ? r.checked : `${r.checked}/${r.planned}`) },
  { key: 'bytes', header: 'Bytes', drop: 2, get: (r) => r.bytes, format: formatBytes },
  { key: 'findings', header: 'Findings', get: findings },
  { key: 'host', header: 'Host', drop: 3, get: (r) => r.host },
  { key: 'startedAt', header: 'Started', get: (r) => r.startedAt },
  { key: 'finishedAt', header: 'Finished', drop: 2, get: (r) => r.finishedAt },
];

export const COVERAGE_COLUMNS: Column<Coverage>[] = [
  { key: 'location', header: 'Location', get: (c) => c.location },
  { key: 'copies', header: 'Copies', get: (c) => c.copies },
  { key: 'neverVerified', header: 'Never verified', get: (c) => c.neverVerified },
  { key: 'oldestVerifiedAt', header: 'Oldest verification', get: (c) => c.oldestVerifiedAt },
  { key: 'lastRun', header: 'Last run', drop: 2, get: (c) => (c.lastRun ? `${c.lastRun} (${c.lastRunStatus})` : null) },
  { key: 'lastRunAt', header: 'Last run started', get: (c) => c.lastRunAt },
  { key: 'openFindings', header: 'Open findings', get: (c) => c.openFindings },
];

export const FINDING_COLUMNS: Column<FindingRow>[] = [
  { key: 'id', header: 'ID', essential: true, get: (f) => f.id },
  { key: 'kind', header: 'Kind', essential: true, get: (f) => f.kind },
  { key: 'location', header: 'Location', get: (f) => f.location },
  { key: 'path', header: 'Path', text: true, get: (f) => f.path },
  { key: 'copy', header: 'Copy', drop: 2, get: (f) => f.copy },
  { key: 'expected', header: 'Expected', text: true, drop: 3, get: (f) => f.expected },
  { key: 'actual', header: 'Actual', text: true, drop: 3, get: (f) => f.actual },
  { key: 'run', header: 'Run', drop: 2, get: (f) => f.run },
  { key: 'lastRun', header: 'Last seen in', drop: 2, get: (f) => f.lastRun },
  { key: 'resolvedAt', header: 'Resolved', get: (f) => (f.resolvedAt ? f.resolution : null) },
];
