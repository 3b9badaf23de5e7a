import type { z } from 'zod';
import { InvalidValues } from '../errors.js';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Validates command input against a schema; every problem becomes a line naming its flag
 * (`--latitude: must be between -90 and 90`), all reported together (exit 2), the first per flag.
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  flagOf: (field: string) => string = kebab,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.');
    // zod 4 reports a missing value as an invalid type "received undefined".
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    const problem = missing ? 'is required' : issue.message;
    if (!lines.has(field)) lines.set(field, field ? `--${flagOf(field)}: ${problem}` : problem);
  }
  throw new InvalidValues([...lines.values()]);
}
