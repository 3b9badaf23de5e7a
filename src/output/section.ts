import type { Column } from './columns.js';
import { formatBytes } from './bytes.js';
import { renderTable } from './table.js';

/** A titled table under a `show` command's fields (`Copies (3)` and its rows, or `(none)`). */
export function renderSection<T>(title: string, rows: T[], columns: Column<T>[]): string {
  const body = rows.length ? renderTable(rows, columns) : '  (none)';
  return `\n${title} (${rows.length})\n${body}\n`;
}

/** The fields of a `show` command with byte counts as sizes for people, renamed in place (`sizeBytes` → `size`). */
export function withSizes(obj: object, names: Record<string, string> = { sizeBytes: 'size' }): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => (k in names ? [names[k], typeof v === 'number' ? formatBytes(v) : v] : [k, v])),
  );
}
