import type { ExecutedRow } from '../views/executed-list.js';
import type { ExecutedPackage } from '../views/executed-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const EXECUTED_COLUMNS: Column<ExecutedRow>[] = [
  { key: 'id', essential: true, shortId: 'executed' },
  { key: 'obsUnit', essential: true },
  { key: 'program', drop: 2 },
  { key: 'status', essential: true },
  { key: 'startTime' },
  { key: 'endTime', drop: 2 },
  { key: 'files' },
  { key: 'packages' },
];

/** The packages table of `executed show`. */
export const EXECUTED_PACKAGE_COLUMNS: Column<ExecutedPackage>[] = [
  { key: 'name', essential: true },
  { key: 'module' },
  { key: 'state' },
  { key: 'status', essential: true },
  { key: 'sizeBytes', format: formatBytes },
];
