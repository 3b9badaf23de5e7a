import { z } from 'zod';
import { parseDecimal } from './ranges.js';
import { parseSize } from './size.js';

/**
 * Field rules that take what an operator types (a flag's text or a prompt's answer) as well as the
 * value itself, so one rule per field serves the flags, the prompts and the library alike: the text
 * is turned into the value here, then checked by the field's own rule.
 */

/** A number field that also accepts its text: `'-22.9'` is -22.9, `'abc'` is "'abc' is not a number". */
export function numberText<T extends z.ZodType<number, number>>(rule: T) {
  return z
    .union([z.number(), z.string()])
    .transform((text, ctx) => {
      if (typeof text === 'number') return text;
      const n = parseDecimal(text);
      if (n !== undefined) return n;
      ctx.addIssue({
        code: 'custom',
        message: `'${text}' is not a number; write a plain decimal number like 12 or -22.96`,
      });
      return z.NEVER;
    })
    .pipe(rule);
}

const SIZE_HINT = 'write a size like 40TB, 500GB or 1.5PiB';

/** A size field in bytes that also accepts its text (`40TB`, `1.5PiB`); `none` is null (nothing recorded). */
export function sizeText<T extends z.ZodType<number | null, number | null>>(rule: T) {
  return z
    .union([z.number(), z.null(), z.string()])
    .transform((text, ctx) => {
      if (typeof text !== 'string') return text;
      if (/^\s*none\s*$/i.test(text)) return null;
      const bytes = parseSize(text);
      if (bytes !== undefined) return bytes;
      ctx.addIssue({ code: 'custom', message: `'${text}' is not a size; ${SIZE_HINT}, or none to clear it` });
      return z.NEVER;
    })
    .pipe(rule);
}
