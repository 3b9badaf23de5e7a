/** One JSON document per line; lets large results stream with constant memory. */
export function ndjsonLine(row: unknown): string {
  return `${JSON.stringify(row)}\n`;
}
