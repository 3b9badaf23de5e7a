/**
 * COPY's text format: rows of tab-separated cells, each row ending in a newline, `\N` for null; a
 * text cell escapes backslash and the control characters that would break a row. Kept apart from
 * `copy-stream.ts` (the driver, the streams) so worker threads that read rows load nothing else.
 */

const COPY_ESCAPES: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** A text cell as it was stored. */
export function unescapeCopy(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c) : text;
}

const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text cell as COPY writes it (what `unescapeCopy` undoes). */
export function escapeCopy(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => ESCAPED[c]);
}
