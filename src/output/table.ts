import { cellText, cellValue, headerOf, type Column } from './columns.js';
import { humanTime } from './human-time.js';
import { cutMiddle, padEnd, textWidth } from './text-width.js';
import { visibleInline } from './visible.js';

/** Free text is not cut below this (or its header) before the less useful columns (`drop` ≥ 2) are dropped. */
const COMFORT_TEXT = 40;
/** Nor below this before any other column is dropped. */
const MIN_TEXT = 16;
/** Nor ever below this. */
const FLOOR_TEXT = 5;

export interface TableOptions {
  /** Fit into this many terminal columns; undefined: nothing is cut or dropped (piped, `--wide`). */
  width?: number;
  /** Full id → its shortest unique prefix, for the `shortId` columns (see `shortestPrefixes`). */
  shortIds?: ReadonlyMap<string, string>;
}

/** Which columns a table shows and how wide each is, decided once (from the first chunk of a stream). */
export interface TableLayout<T> {
  columns: Column<T>[];
  widths: number[];
  shortIds?: ReadonlyMap<string, string>;
  /** Whether cells may be cut to their width (on a terminal) or are shown whole (piped, `--wide`). */
  fitted: boolean;
}

/**
 * The width a table may take: the terminal's (80 when it does not say), or undefined — no limit —
 * when stdout is not a terminal or `--wide` asks for everything.
 */
export function terminalWidth(
  wide = false,
  out: { isTTY?: boolean; columns?: number } = process.stdout,
): number | undefined {
  if (wide || !out.isTTY) return undefined;
  return out.columns || 80;
}

const cellOf = (v: unknown) => (v instanceof Date ? humanTime(v) : cellText(v));

function cellsOf<T>(rows: T[], columns: Column<T>[], shortIds?: ReadonlyMap<string, string>): string[][] {
  return rows.map((row) =>
    columns.map((c) => {
      const v = cellValue(c, row);
      if (c.shortId && shortIds && typeof v === 'string') return shortIds.get(v) ?? v;
      return visibleInline(c.format ? c.format(v) : cellOf(v));
    }),
  );
}

/** Each column's natural width (its widest cell or header), then fitted to `opts.width` when given. */
export function layoutTable<T>(rows: T[], columns: Column<T>[], opts: TableOptions = {}): TableLayout<T> {
  return layoutCells(cellsOf(rows, columns, opts.shortIds), columns, opts);
}

function layoutCells<T>(cells: string[][], columns: Column<T>[], opts: TableOptions): TableLayout<T> {
  const natural = columns.map((c) => textWidth(headerOf(c)));
  for (const line of cells) {
    for (let i = 0; i < line.length; i++) {
      const w = textWidth(line[i]);
      if (w > natural[i]) natural[i] = w;
    }
  }
  const { width } = opts;
  if (width === undefined) return { columns, widths: natural, shortIds: opts.shortIds, fitted: false };
  const overhead = (n: number) => 3 * n + 1;
  const shown = columns.map((_, i) => i);
  const rank = (i: number) => columns[i].drop ?? 1;
  /** Drops columns of at least `minRank`, least valuable first, until the rest fit with free text at `textAt`. */
  const dropUntilFit = (textAt: number, minRank: number) => {
    const want = (i: number) =>
      columns[i].text ? Math.min(natural[i], Math.max(textWidth(headerOf(columns[i])), textAt)) : natural[i];
    const total = () => shown.reduce((sum, i) => sum + want(i), 0) + overhead(shown.length);
    while (total() > width) {
      const droppable = shown.filter((i) => !columns[i].essential && rank(i) >= minRank);
      if (droppable.length === 0) return;
      shown.splice(shown.indexOf(droppable.reduce((a, b) => (rank(b) >= rank(a) ? b : a))), 1);
    }
  };
  // First the less useful columns, so free text keeps a comfortable width; then any, so it keeps a useful one.
  dropUntilFit(COMFORT_TEXT, 2);
  dropUntilFit(MIN_TEXT, 1);
  const min = columns.map((c, i) =>
    c.text ? Math.min(natural[i], Math.max(textWidth(headerOf(c)), MIN_TEXT)) : natural[i],
  );
  const total = () => shown.reduce((sum, i) => sum + min[i], 0) + overhead(shown.length);
  const widths = shown.map((i) => min[i]);
  const texts = shown.map((i, k) => (columns[i].text ? k : -1)).filter((k) => k >= 0);
  let spare = width - total();
  // Room left: give it to the free text, up to its natural width, a column at a time, fairly.
  while (spare > 0) {
    const growing = texts.filter((k) => widths[k] < natural[shown[k]]);
    if (growing.length === 0) break;
    for (const k of growing) {
      if (spare === 0) break;
      widths[k]++;
      spare--;
    }
  }
  // Too little even so (only essential columns left): cut the free text further, down to a floor.
  while (spare < 0) {
    const shrinking = texts.filter((k) => widths[k] > FLOOR_TEXT);
    if (shrinking.length === 0) break;
    for (const k of shrinking) {
      if (spare === 0) break;
      widths[k]--;
      spare++;
    }
  }
  return { columns: shown.map((i) => columns[i]), widths, shortIds: opts.shortIds, fitted: true };
}

const rule = (widths: number[], [left, mid, right]: string) =>
  `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;

function line<T>(cells: string[], layout: TableLayout<T>): string {
  const parts = cells.map((text, i) => {
    const w = layout.widths[i];
    return padEnd(layout.fitted && layout.columns[i].text ? cutMiddle(text, w) : text, w);
  });
  return `│ ${parts.join(' │ ')} │`;
}

/** The top border, the header row and the rule under it. */
export function tableHead<T>(layout: TableLayout<T>): string {
  const head = line(
    layout.columns.map((c) => headerOf(c)),
    { ...layout, columns: layout.columns.map((c) => ({ ...c, text: true })) },
  );
  return `${rule(layout.widths, '┌┬┐')}\n${head}\n${rule(layout.widths, '├┼┤')}\n`;
}

/** The cells of `rows` in the layout's columns, as a table shows them. */
export function tableCells<T>(rows: T[], layout: TableLayout<T>): string[][] {
  return cellsOf(rows, layout.columns, layout.shortIds);
}

/** Whether every cell fits its column, free text (cut on a terminal) aside. */
export function cellsFit<T>(cells: string[][], layout: TableLayout<T>): boolean {
  const fixed = layout.columns.map((c, i) => (layout.fitted && c.text ? -1 : i)).filter((i) => i >= 0);
  return cells.every((row) => fixed.every((i) => textWidth(row[i]) <= layout.widths[i]));
}

/** The rows, one line each, in the layout's columns and widths. */
export function tableBody<T>(cells: string[][], layout: TableLayout<T>): string {
  let out = '';
  for (const row of cells) out += `${line(row, layout)}\n`;
  return out;
}

/** The bottom border. */
export function tableFoot<T>(layout: TableLayout<T>): string {
  return `${rule(layout.widths, '└┴┘')}\n`;
}

/**
 * A table for people, in time linear in its rows: fitted to the terminal when there is one (free
 * text cut in the middle, the least valuable columns dropped), every column whole otherwise.
 */
export function renderTable<T>(
  rows: T[],
  columns: Column<T>[],
  opts: TableOptions = { width: terminalWidth() },
): string {
  const cells = cellsOf(rows, columns, opts.shortIds);
  const layout = layoutCells(cells, columns, opts);
  const keep = layout.columns.map((c) => columns.indexOf(c));
  let body = '';
  for (const row of cells)
    body += `${line(
      keep.map((i) => row[i]),
      layout,
    )}\n`;
  return `${tableHead(layout)}${body}${tableFoot(layout)}`.trimEnd();
}
