import { UsageError } from './errors.js';

/** One value a command needs: the flag that supplies it and how to ask for it on a terminal. */
export interface Question {
  flag: string;
  message: string;
  choices?: string[];
  validate?: (value: string) => true | string;
  /** Asked on a terminal but may be left empty; never an error when missing. */
  optional?: boolean;
}

/** Whether prompting is allowed: stdin and stdout are TTYs, `--no-prompt` absent, not in CI. */
export function promptingAllowed(promptFlag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return promptFlag && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI;
}

/**
 * Fills in every missing value: asks on a terminal, otherwise fails with exit 2 naming the flag.
 * inquirer is imported only when a question is really asked.
 */
export async function completeValues(
  values: Record<string, unknown>,
  questions: Question[],
  canPrompt: boolean,
): Promise<{ values: Record<string, unknown>; asked: boolean }> {
  const out = { ...values };
  let asked = false;
  for (const q of questions) {
    if (out[q.flag] !== undefined) continue;
    if (q.optional && !canPrompt) continue;
    if (!canPrompt) {
      throw new UsageError(`missing required flag --${q.flag}`, [`pass --${q.flag} (${q.message.toLowerCase()})`]);
    }
    const { input, select } = await import('@inquirer/prompts');
    asked = true;
    out[q.flag] = q.choices
      ? await select({ message: q.message, choices: q.choices.map((c) => ({ value: c, name: c })) })
      : await input({ message: q.message, required: q.optional !== true, validate: q.validate });
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
