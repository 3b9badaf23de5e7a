import type { ExecutedRow } from '../views/executed-list.js';
import type { ExecutedPackage } from '../views/executed-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const EXECUTED_COLUMNS: Column<ExecutedRow>[] = [
  { key: 'id', essential: true, shortId: 'executed', get: (e) => e.id },
  { key: 'obsUnit', essential: true, get: (e) => e.obsUnit },
  { key: 'program', drop: 2, get: (e) => e.program },
  { key: 'status', essential: true, get: (e) => e.status },
  { key: 'startTime', get: (e) => e.startTime },
  { key: 'endTime', drop: 2, get: (e) => e.endTime },
  { key: 'files', get: (e) => e.files },
  { key: 'packages', get: (e) => e.packages },
];

/** The packages table of `executed show`. */
export const EXECUTED_PACKAGE_COLUMNS: Column<ExecutedPackage>[] = [
  { key: 'name', essential: true, get: (p) => p.name },
  { key: 'module', get: (p) => p.module },
  { key: 'state', get: (p) => p.state },
  { key: 'status', essential: true, get: (p) => p.status },
  { key: 'sizeBytes', get: (p) => p.sizeBytes, format: formatBytes },
];
