/**
 * Text from the database shown to people with its control characters made visible (`\x1B`, `\r`,
 * `\t`), so a value holding an escape sequence cannot clear or rewrite the operator's terminal.
 * Newlines stay (a multi-line description is shown on several lines). Machine formats (csv, json,
 * ndjson) keep the exact data and never go through this.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\r': '\\r' };

export function visible(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The same for a table cell: one row is one line, so a newline is shown as `\n` too. */
export function visibleInline(text: string): string {
  return visible(text).replaceAll('\n', '\\n');
}
