import { INPUT_LIMITS, readInputFile } from '../files/input-file.js';
import { UsageError } from '../errors.js';
import { jsonErrorAt } from './json-error.js';

const EXAMPLE = `write a JSON object like '{"pwv_mm": 0.4}', or @FILE to read one from a file`;

/**
 * `--conditions '{"pwv_mm": 0.4}'` or `--conditions @weather.json`: the observing conditions as a
 * JSON object; exit 2 for a file that cannot be read (or is not a regular file, or is over 1 MB),
 * text that is not JSON (saying where, never quoting it: a file may hold anything), or JSON that is
 * not an object (an array, a number, null).
 */
export function parseConditions(value: string, flag = 'conditions'): Record<string, unknown> {
  let text = value;
  let from = '';
  if (value.startsWith('@')) {
    const path = value.slice(1);
    from = ` in ${path}`;
    text = readInputFile(path, `--${flag}`, INPUT_LIMITS.conditions).toString('utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const at = jsonErrorAt(text);
    const where = !at ? 'not JSON' : at.atEnd ? 'it ends too early' : `line ${at.line}, column ${at.column}`;
    throw new UsageError(`--${flag}: the text${from} is not JSON (${where}); ${EXAMPLE}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new UsageError(`--${flag}: the JSON${from} is ${what}, not an object; ${EXAMPLE}`);
  }
  return parsed as Record<string, unknown>;
}
