import { stripVTControlCharacters } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';

/** What a command declares, as far as explaining a parse error needs it. */
interface FlagSpec {
  summary?: string;
  description?: string;
  min?: number;
  max?: number;
  options?: readonly string[];
}
interface ArgSpec {
  name?: string;
  description?: string;
  options?: readonly string[];
}
export interface CommandSpec {
  flags: Record<string, FlagSpec>;
  args: Record<string, ArgSpec>;
  /** `ccat-ops db migrate`, for "takes no arguments". */
  command: string;
}

/**
 * oclif's parse errors as one line that says which flag or argument, what was wrong and what is
 * allowed (`--limit: must be at least 1 (got 0)`), or undefined when `err` is not one. oclif keeps
 * the reason on a second line ("Parsing --limit \n\t<reason>") or only in its message, so the
 * message is what is read here.
 */
export function describeParseError(err: Error & { args?: ArgSpec[] }, spec: CommandSpec): string | undefined {
  const text = stripVTControlCharacters(err.message);
  const flagParse = /^Parsing --([\w-]+)\s*\n\t([\s\S]*?)(?:\nSee more help with --help)?$/.exec(text);
  if (flagParse) return `--${flagParse[1]}: ${flagReason(flagParse[2], flagParse[1], spec.flags[flagParse[1]])}`;

  switch (err.constructor.name) {
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError':
      return text
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('See more help'))
        .map((l) => validationReason(l, spec))
        .filter((l, i, all) => all.indexOf(l) === i)
        .join('; ');
    case 'RequiredArgsError':
      return (err.args ?? [])
        .map((a) => `missing argument ${(a.name ?? '').toUpperCase()}${a.description ? ` (${a.description})` : ''}`)
        .join('; ');
    case 'UnexpectedArgsError': {
      const extra = /^Unexpected arguments?: (.*)$/m.exec(text)?.[1] ?? '';
      const names = Object.keys(spec.args).map((n) => n.toUpperCase());
      const takes = names.length ? `takes only ${names.join(' ')}` : 'takes no arguments';
      return `unexpected argument ${extra}: ${spec.command} ${takes}`;
    }
    case 'NonExistentFlagsError': {
      const flags = [...new Set((/^Nonexistent flags?: (.*)$/m.exec(text)?.[1] ?? '').split(', '))];
      return flags.map((f) => `Nonexistent flag: ${f}${nearestFlag(f, spec)}`).join('; ');
    }
    case 'ArgInvalidOptionError': {
      // oclif names the value but not the argument; the flags' version says `--type=x`.
      const m = /^Expected (.*) to be one of: (.*)$/m.exec(text);
      if (!m) break;
      const arg = Object.entries(spec.args).find(([, a]) => a.options?.join(', ') === m[2]);
      return `Expected ${arg ? `${arg[0].toUpperCase()}=` : ''}${m[1]} to be one of: ${m[2]}`;
    }
  }
  const needsValue = /^Flag --([\w-]+) expects a value$/.exec(text);
  if (needsValue) return `--${needsValue[1]}: needs a value${allowed(spec.flags[needsValue[1]])}`;
  const needsOption = /^Flag --([\w-]+) expects one of these values: (.*)$/.exec(text);
  if (needsOption) return `--${needsOption[1]}: needs one of: ${needsOption[2]}`;
  const once = /^Flag --([\w-]+) can only be specified once$/.exec(text);
  if (once) return `--${once[1]}: given more than once; give it once`;
  return undefined;
}

function flagReason(reason: string, name: string, flag: FlagSpec | undefined): string {
  const r = reason.trim().replace(new RegExp(`^--${name}:\\s*`), '');
  let m: RegExpExecArray | null;
  if ((m = /^Expected an integer but received:\s?(.*)$/.exec(r)))
    return `'${m[1]}' is not a whole number${range(flag)}`;
  if ((m = /^Expected an integer greater than or equal to (\S+) but received:\s?(.*)$/.exec(r)))
    return `must be at least ${m[1]} (got ${m[2]})`;
  if ((m = /^Expected an integer less than or equal to (\S+) but received:\s?(.*)$/.exec(r)))
    return `must be at most ${m[1]} (got ${m[2]})`;
  if ((m = /^No directory found at (.*)$/.exec(r))) return `no such directory: ${m[1]}`;
  if ((m = /^No file found at (.*)$/.exec(r))) return `no such file: ${m[1]}`;
  return r.split('\n')[0];
}

function validationReason(reason: string, spec: CommandSpec): string {
  let m: RegExpExecArray | null;
  if ((m = /^Missing required flag (\S+)$/.exec(reason))) {
    const name = m[1].replace(/^--/, '');
    return `missing required flag --${name}${allowed(spec.flags[name])}`;
  }
  if ((m = /^--([\w-]+)=.* cannot also be provided when using --([\w-]+)$/.exec(reason))) {
    const [a, b] = [m[1], m[2]].sort();
    return `--${a} and --${b} cannot be used together; give one of them`;
  }
  return reason;
}

/** ": what the flag takes", from its options or summary, so the line says what to give. */
function allowed(flag: FlagSpec | undefined): string {
  if (flag?.options?.length) return `: one of ${flag.options.join(', ')}`;
  const what = (flag?.summary ?? flag?.description)?.replace(/\.$/, '');
  return what ? `: ${what.charAt(0).toLowerCase()}${what.slice(1)}` : '';
}

function range(flag: FlagSpec | undefined): string {
  if (flag?.min !== undefined && flag.max !== undefined) return ` (allowed: ${flag.min} to ${flag.max})`;
  if (flag?.min !== undefined) return ` (allowed: ${flag.min} or more)`;
  if (flag?.max !== undefined) return ` (allowed: ${flag.max} or less)`;
  return '';
}

function nearestFlag(typed: string, spec: CommandSpec): string {
  const names = Object.keys(spec.flags).map((f) => `--${f}`);
  const bare = typed.replace(/=.*$/, '');
  const nearest = names.length ? closest(bare, names) : undefined;
  return nearest && distance(bare, nearest) <= Math.max(2, bare.length / 3) ? `; did you mean ${nearest}?` : '';
}
