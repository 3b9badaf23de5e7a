import type { z } from 'zod';
import { UsageError } from '../errors.js';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Validates command input against a schema; the first problem becomes a one-line usage error
 * naming the flag (`--latitude: must be between -90 and 90`).
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  flagOf: (field: string) => string = kebab,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.');
  // zod 4 reports a missing value as an invalid type "received undefined".
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  const problem = missing ? 'is required' : issue.message;
  throw new UsageError(field ? `--${flagOf(field)}: ${problem}` : problem);
}
