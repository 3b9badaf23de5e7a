import { selectColumns, type Column } from './columns.js';
import { renderCsv } from './csv.js';
import { ndjsonLine } from './ndjson.js';
import { renderTable, terminalWidth, type TableOptions } from './table.js';

/**
 * The one JSON shape of every list (`--json`, `--output json`): the rows, and the `--after` cursor
 * of the next page (null on the last page, and for lists that are not paged). A read on a replica
 * adds `asOf` and `replicaLagSeconds`.
 */
export interface ListPage<R> {
  items: R[];
  next: string | null;
}

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Renders rows in the chosen format to a string ready for stdout; a table fits `table.width`; JSON is
 * the list's one shape, `{ items, next }` (`page` gives `next` and, on a replica, the data's age).
 */
export function renderList<T>(
  rows: T[],
  columns: Column<T>[],
  format: OutputFormat,
  wanted?: string[],
  table: TableOptions = { width: terminalWidth() },
  page: { next: string | null } & Record<string, unknown> = { next: null },
): string {
  const cols = selectColumns(columns, wanted);
  switch (format) {
    case 'table':
      return rows.length === 0 ? '' : `${renderTable(rows, cols, table)}\n`;
    case 'csv':
      return renderCsv(rows, cols);
    case 'json':
      return `${JSON.stringify({ items: rows, ...page }, null, 2)}\n`;
    case 'ndjson':
      return rows.map(ndjsonLine).join('');
  }
}
