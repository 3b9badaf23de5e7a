import type { ExecutedRow } from '../views/executed-list.js';
import type { ExecutedPackage } from '../views/executed-show.js';
import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';

export const EXECUTED_COLUMNS: Column<ExecutedRow>[] = [
  { key: 'id', header: 'ID', essential: true, shortId: 'executed', get: (e) => e.id },
  { key: 'obsUnit', header: 'Obs unit', essential: true, get: (e) => e.obsUnit },
  { key: 'program', header: 'Programme', drop: 2, get: (e) => e.program },
  { key: 'status', header: 'Status', essential: true, get: (e) => e.status },
  { key: 'startTime', header: 'Started', get: (e) => e.startTime },
  { key: 'endTime', header: 'Ended', drop: 2, get: (e) => e.endTime },
  { key: 'files', header: 'Files', get: (e) => e.files },
  { key: 'packages', header: 'Packages', get: (e) => e.packages },
];

/** The packages table of `executed show`. */
export const EXECUTED_PACKAGE_COLUMNS: Column<ExecutedPackage>[] = [
  { key: 'name', header: 'Package', essential: true, get: (p) => p.name },
  { key: 'module', header: 'Module', get: (p) => p.module },
  { key: 'state', header: 'State', get: (p) => p.state },
  { key: 'status', header: 'Status', essential: true, get: (p) => p.status },
  { key: 'sizeBytes', header: 'Size', get: (p) => p.sizeBytes, format: formatBytes },
];
