import { stringify } from 'csv-stringify/sync';
import { cellText, cellValue, type Column } from './columns.js';

export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  return stringify([columns.map((c) => c.key), ...rows.map((r) => columns.map((c) => cellText(cellValue(c, r))))]);
}
