import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { cellText, selectColumns, type Column } from './columns.js';
import type { OutputFormat } from './render-list.js';
import { renderTable } from './table.js';

/**
 * Writes a list batch by batch as it is read, waiting for the output to drain, so a list of any size
 * streams in constant memory (csv, json, ndjson). Tables need every width first and are written at
 * the end: they are for people, who do not read millions of rows.
 */
export class ListWriter<T> {
  private readonly cols: Column<T>[];
  private started = false;
  private readonly table: T[] = [];
  count = 0;

  constructor(
    private readonly format: OutputFormat,
    columns: Column<T>[],
    wanted?: string[],
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {
    this.cols = selectColumns(columns, wanted);
  }

  async write(rows: T[]): Promise<void> {
    this.count += rows.length;
    switch (this.format) {
      case 'table':
        this.table.push(...rows);
        return;
      case 'csv': {
        const header = this.started ? [] : [this.cols.map((c) => c.key)];
        await this.emit(stringify([...header, ...rows.map((r) => this.cols.map((c) => cellText(c.get(r))))]));
        break;
      }
      case 'json': {
        if (rows.length === 0) return;
        const body = rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
        await this.emit(`${this.started ? ',\n' : '[\n'}${body}`);
        break;
      }
      case 'ndjson':
        await this.emit(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
        break;
    }
    this.started = true;
  }

  async end(): Promise<void> {
    if (this.format === 'table' && this.table.length) await this.emit(`${renderTable(this.table, this.cols)}\n`);
    if (this.format === 'csv' && !this.started) await this.write([]);
    if (this.format === 'json') await this.emit(this.started ? '\n]\n' : '[]\n');
  }

  private async emit(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}
