import Table from 'cli-table3';
import { cellText, type Column } from './columns.js';
import { humanTime } from './human-time.js';
import { visibleInline } from './visible.js';

const cellOf = (v: unknown) => (v instanceof Date ? humanTime(v) : cellText(v));
const tableCell = <T>(c: Column<T>, row: T) => {
  const v = c.get(row);
  return visibleInline(c.format ? c.format(v) : cellOf(v));
};

/** A table for people: fitted to the terminal when there is one, plain borders otherwise. */
export function renderTable<T>(rows: T[], columns: Column<T>[], width = process.stdout.columns): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    style: { head: [], border: [] },
    wordWrap: true,
    ...(width ? { colWidths: fitWidths(rows, columns, width) } : {}),
  });
  for (const row of rows) table.push(columns.map((c) => tableCell(c, row)));
  return table.toString();
}

function fitWidths<T>(rows: T[], columns: Column<T>[], width: number): number[] {
  const natural = columns.map((c) => Math.max(c.header.length, ...rows.map((r) => tableCell(c, r).length)) + 2);
  const budget = width - columns.length - 1;
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= budget) return natural;
  const scale = budget / total;
  return natural.map((w) => Math.max(6, Math.floor(w * scale)));
}
