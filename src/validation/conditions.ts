import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

const EXAMPLE = `write a JSON object like '{"pwv_mm": 0.4}', or @FILE to read one from a file`;

/**
 * `--conditions '{"pwv_mm": 0.4}'` or `--conditions @weather.json`: the observing conditions as a
 * JSON object; exit 2 for a file that cannot be read, text that is not JSON, or JSON that is not an
 * object (an array, a number, null).
 */
export function parseConditions(value: string, flag = 'conditions'): Record<string, unknown> {
  let text = value;
  let from = '';
  if (value.startsWith('@')) {
    const path = value.slice(1);
    from = ` in ${path}`;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`--${flag}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--${flag}: the text${from} is not JSON (${firstLine((err as Error).message)}); ${EXAMPLE}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new UsageError(`--${flag}: the JSON${from} is ${what}, not an object; ${EXAMPLE}`);
  }
  return parsed as Record<string, unknown>;
}

const firstLine = (text: string) => text.split('\n')[0];
