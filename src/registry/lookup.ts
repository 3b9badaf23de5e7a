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

/** Up to `count` of `candidates`, nearest to `key` first (edit distance, ignoring case). */
export function nearestNames(key: string, candidates: string[], count = 3): string[] {
  const k = key.toLowerCase();
  return candidates
    .map((name) => ({ name, d: distance(k, name.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((c) => c.name);
}

/**
 * Before asking for the rest on a terminal: a name given as a flag is one of `names` (the choices
 * the prompts offer), else exit 4 at once, rather than after every other answer has been typed.
 */
export function requireKnown(what: string, key: string | undefined, names: string[], listCommand: string): void {
  if (key !== undefined && !names.includes(key)) throw notFound(what, key, names, listCommand);
}
