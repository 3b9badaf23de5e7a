import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { cellText, cellValue, selectColumns, type Column } from './columns.js';
import type { OutputFormat } from './render-list.js';
import {
  cellsFit,
  layoutTable,
  tableBody,
  tableCells,
  tableFoot,
  tableHead,
  terminalWidth,
  type TableLayout,
} from './table.js';

export interface StreamedTable<T> {
  /** Fit into this many terminal columns; undefined: nothing cut (piped, `--wide`). */
  width?: number;
  /** Rows per chunk; the column widths come from the first chunk. Default: a screenful on a terminal. */
  chunkRows?: number;
  /** The shortest unique prefix of each id in a chunk (one query per chunk). */
  shortIds?: (rows: T[]) => Promise<ReadonlyMap<string, string> | undefined>;
}

/** A screenful of rows on a terminal (less the header), else a thousand. */
function screenRows(out: NodeJS.WritableStream): number {
  const tty = out as { isTTY?: boolean; rows?: number };
  return tty.isTTY && tty.rows ? Math.max(10, tty.rows - 4) : 1000;
}

/**
 * Writes a list batch by batch as it is read, waiting for the output to drain, so a list of any size
 * streams in constant memory and linear time. A table is written a chunk at a time, its columns
 * laid out from the first chunk (a later, longer free text is cut to them on a terminal).
 */
export class ListWriter<T> {
  private readonly cols: Column<T>[];
  private started = false;
  private pending: T[] = [];
  private layout?: TableLayout<T>;
  private readonly chunkRows: number;
  count = 0;

  constructor(
    private readonly format: OutputFormat,
    columns: Column<T>[],
    wanted?: string[],
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly table: StreamedTable<T> = { width: terminalWidth() },
  ) {
    this.cols = selectColumns(columns, wanted);
    this.chunkRows = table.chunkRows ?? screenRows(out);
  }

  async write(rows: T[]): Promise<void> {
    this.count += rows.length;
    switch (this.format) {
      case 'table': {
        const all = this.pending.length ? [...this.pending, ...rows] : rows;
        let at = 0;
        for (; all.length - at >= this.chunkRows; at += this.chunkRows) {
          await this.writeChunk(all.slice(at, at + this.chunkRows));
        }
        this.pending = all.slice(at);
        return;
      }
      case 'csv': {
        const header = this.started ? [] : [this.cols.map((c) => c.key)];
        await this.emit(stringify([...header, ...rows.map((r) => this.cols.map((c) => cellText(cellValue(c, r))))]));
        break;
      }
      case 'json': {
        if (rows.length === 0) return;
        const body = rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
        await this.emit(`${this.started ? ',\n' : '{\n  "items": [\n'}${body}`);
        break;
      }
      case 'ndjson':
        await this.emit(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
        break;
    }
    this.started = true;
  }

  /** Rows already written as text of this format (read with COPY, see copy-stream.ts): passed through. */
  async writeText(chunk: { text: string | Buffer; rows: number }): Promise<void> {
    this.count += chunk.rows;
    if (chunk.text) await this.emit(chunk.text);
    this.started = true;
  }

  /** Ends the list; JSON closes its `{ items, next }` document with `page` (`next`, a replica's `asOf`…). */
  async end(page: Record<string, unknown> = {}): Promise<void> {
    if (this.format === 'table') {
      if (this.pending.length) await this.writeChunk(this.pending);
      this.pending = [];
      if (this.layout) await this.emit(tableFoot(this.layout));
    }
    if (this.format === 'csv' && !this.started) await this.write([]);
    if (this.format === 'json') {
      const fields = Object.entries({ next: null, ...page }).map(
        ([k, v]) => `,\n  ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
      );
      await this.emit(`${this.started ? '\n  ]' : '{\n  "items": []'}${fields.join('')}\n}\n`);
    }
  }

  /**
   * One chunk in the columns laid out from the first. A chunk whose ids or other whole values do not
   * fit those widths starts a new table laid out from it (rarely: an id needing a longer prefix), so
   * lines never outgrow the terminal and nothing that must stay whole is cut.
   */
  private async writeChunk(rows: T[]): Promise<void> {
    const shortIds = await this.table.shortIds?.(rows);
    let layout: TableLayout<T> | undefined = this.layout && { ...this.layout, shortIds };
    let cells = layout ? tableCells(rows, layout) : [];
    if (!layout || !cellsFit(cells, layout)) {
      if (this.layout) await this.emit(tableFoot(this.layout));
      layout = layoutTable(rows, this.cols, { width: this.table.width, shortIds });
      cells = tableCells(rows, layout);
      await this.emit(tableHead(layout));
    }
    this.layout = layout;
    await this.emit(tableBody(cells, layout));
  }

  private async emit(text: string | Buffer): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}
