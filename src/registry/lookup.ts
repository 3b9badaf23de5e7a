import { closest, distance } from 'fastest-levenshtein';
import { NotFound } from '../errors.js';

/**
 * The error for a natural key that does not exist: names what was looked for, suggests the nearest
 * existing name when one is close, and points to the list command.
 */
export function notFound(what: string, key: string, candidates: string[], listCommand: string): NotFound {
  const nearest = candidates.length ? closest(key, candidates) : undefined;
  const hint =
    nearest && distance(key.toLowerCase(), nearest.toLowerCase()) <= Math.max(2, key.length / 3)
      ? `; did you mean '${nearest}'?`
      : '';
  return new NotFound(`no ${what} '${key}'${hint}`, [`list them with \`ccat-ops ${listCommand}\``]);
}
