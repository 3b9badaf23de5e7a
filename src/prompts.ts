import type { z } from 'zod';
import { InvalidValues, UsageError } from './errors.js';

/** One value a command needs: the flag that supplies it and how to ask for it on a terminal. */
export interface Question {
  flag: string;
  message: string;
  choices?: string[];
  /**
   * The field's rule, the same one the service validates with: a value given as a flag is checked
   * before anything is asked, and a typed answer as it is typed (a bad one is asked again).
   */
  rule?: z.ZodType;
  /** Asked on a terminal but may be left empty; never an error when missing. */
  optional?: boolean;
}

/** What is wrong with `text` as a value of `rule` (its first problem), or true when it is fine. */
export function checkAnswer(rule: z.ZodType, text: string): true | string {
  const parsed = rule.safeParse(text);
  return parsed.success ? true : (parsed.error.issues[0]?.message ?? 'is not valid');
}

/** Whether prompting is allowed: stdin and stdout are TTYs, `--no-prompt` absent, not in CI. */
export function promptingAllowed(promptFlag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return promptFlag && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI;
}

/**
 * Checks the values given as flags against their questions' rules and, off a terminal, that none
 * is missing: every problem together in one exit 2, before anything is asked or written.
 */
export function checkGiven(values: Record<string, unknown>, questions: Question[], canPrompt: boolean): void {
  const problems: string[] = [];
  const missing: Question[] = [];
  for (const q of questions) {
    const given = values[q.flag];
    if (given === undefined) {
      if (!canPrompt && !q.optional) missing.push(q);
      continue;
    }
    const ok = q.rule && typeof given === 'string' ? checkAnswer(q.rule, given) : true;
    if (ok !== true) problems.push(`--${q.flag}: ${ok}`);
  }
  problems.push(...missing.map((q) => `missing required flag --${q.flag}`));
  const actions = missing.map((q) => `pass --${q.flag} (${q.message.toLowerCase()})`);
  if (problems.length) throw new InvalidValues(problems, actions);
}

/**
 * Fills in every missing value: asks on a terminal, otherwise fails with exit 2 naming the flag.
 * Values given as flags are checked first against their rules, and every problem (a bad value, a
 * missing flag off a terminal) is reported together before anything is asked. inquirer is
 * imported only when a question is really asked.
 */
export async function completeValues(
  values: Record<string, unknown>,
  questions: Question[],
  canPrompt: boolean,
): Promise<{ values: Record<string, unknown>; asked: boolean }> {
  const out = { ...values };
  checkGiven(out, questions, canPrompt);
  let asked = false;
  for (const q of questions) {
    if (out[q.flag] !== undefined || !canPrompt) continue;
    const { input, select } = await import('@inquirer/prompts');
    asked = true;
    const rule = q.rule;
    const validate = (text: string) => ((text === '' && q.optional) || !rule ? true : checkAnswer(rule, text));
    out[q.flag] = q.choices
      ? await select({ message: q.message, choices: q.choices.map((c) => ({ value: c, name: c })) })
      : // A wrong answer is cleared and asked for again, its problem shown under it.
        await input({
          message: q.message,
          required: q.optional !== true,
          validate,
          theme: { validationFailureMode: 'clear' },
        });
    if (out[q.flag] === '') out[q.flag] = undefined;
  }
  return { values: out, asked };
}

/** Asks yes/no on a terminal. Without one, refuses unless `--yes` was given. */
export async function confirmAction(
  message: string,
  opts: { yes: boolean; canPrompt: boolean; flagHint?: string },
): Promise<boolean> {
  if (opts.yes) return true;
  if (!opts.canPrompt) {
    throw new UsageError(`${message.replace(/\?$/, '')}: confirmation needed`, [
      `re-run with ${opts.flagHint ?? '--yes'} to confirm`,
    ]);
  }
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false });
}

/**
 * For the most destructive operations: on a terminal the operator types `expected` (a database
 * name) to confirm; off a terminal only `--yes` will do.
 */
export async function confirmByTyping(
  message: string,
  expected: string,
  opts: { yes: boolean; canPrompt: boolean },
): Promise<boolean> {
  if (opts.yes) return true;
  if (!opts.canPrompt) {
    throw new UsageError(`${message.replace(/\?$/, '')}: confirmation needed`, ['re-run with --yes to confirm']);
  }
  const { input } = await import('@inquirer/prompts');
  const typed = await input({ message: `${message} Type ${expected} to confirm:` });
  return typed.trim() === expected;
}
