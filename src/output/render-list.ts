import { selectColumns, type Column } from './columns.js';
import { renderCsv } from './csv.js';
import { ndjsonLine } from './ndjson.js';
import { renderTable, terminalWidth, type TableOptions } from './table.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Renders rows in the chosen format to a string ready for stdout; a table fits `table.width`. */
export function renderList<T>(
  rows: T[],
  columns: Column<T>[],
  format: OutputFormat,
  wanted?: string[],
  table: TableOptions = { width: terminalWidth() },
): string {
  const cols = selectColumns(columns, wanted);
  switch (format) {
    case 'table':
      return rows.length === 0 ? '' : `${renderTable(rows, cols, table)}\n`;
    case 'csv':
      return renderCsv(rows, cols);
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'ndjson':
      return rows.map(ndjsonLine).join('');
  }
}
