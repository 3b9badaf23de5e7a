import { parse, type ParseError } from 'jsonc-parser';

/**
 * Where JSON text goes wrong, as line and column (1-based), without quoting any of it: JSON.parse's
 * own message quotes the text, which for a file may be anything (`@/etc/shadow`). What is valid is
 * JSON.parse's to say; where it goes wrong is the first error of jsonc-parser's strict reading (no
 * comments, no trailing commas), or the end. Undefined when the text is valid JSON.
 */
export function jsonErrorAt(text: string): { line: number; column: number; atEnd: boolean } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    // where, below
  }
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // nested deeper than the stack: where it got to is not known, so the end
  }
  const at = Math.min(errors[0]?.offset ?? text.length, text.length);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, atEnd: at >= text.length };
}
