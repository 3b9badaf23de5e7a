import type { Hook } from '@oclif/core';
import { closest, distance } from 'fastest-levenshtein';
import { scrubSecrets } from '../config/mask-url.js';

/**
 * An unknown command, exit 2 (a usage error), in one line, with the `--json` error document when
 * `--json` was given. oclif takes every word up to the first flag as the command's name when the
 * command takes no arguments, so `transfer list postgres://u:pw@h/d` arrives here: that is a real
 * command with an unexpected argument, and is said so. Nothing typed is echoed with its password.
 */
const hook: Hook<'command_not_found'> = async function (opts) {
  const { bin } = opts.config;
  const commands = opts.config.commandIDs;
  const words = typedWords(opts.id);
  // The longest real command the typed words start with (`transfer:list` of `transfer list x`).
  const command = commands
    .filter((id) => opts.id.startsWith(`${id}:`))
    .sort((a, b) => b.length - a.length)
    .find((id) => words.slice(0, id.split(':').length).join(':') === id);
  let message: string;
  let actions: string[];
  if (command) {
    const name = command.replaceAll(':', ' ');
    const extra = words.slice(command.split(':').length);
    // As oclif's own parse error says it of a command that takes arguments (src/parse-errors.ts).
    message = `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(', ')}: ${bin} ${name} takes no arguments`;
    actions = [`see \`${bin} ${name} --help\``];
  } else {
    const typed = words.join(' ');
    const known = commands.map((id) => id.replaceAll(':', ' '));
    const nearest = known.length ? closest(typed, known) : undefined;
    const hint =
      nearest && distance(typed, nearest) <= Math.max(3, typed.length / 2) ? ` Did you mean '${nearest}'?` : '';
    message = `'${typed}' is not a ${bin} command.${hint}`;
    actions = [`\`${bin} --help\` lists the commands`];
  }
  message = scrubSecrets(message);
  // oclif cuts the arguments after the name at as many words as the name has `:`s: look at them all.
  if (process.argv.slice(2).includes('--json')) {
    const doc = { error: { name: 'UsageError', message, exitCode: 2, actions } };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
  process.stderr.write(`Error: ${message}\nTry: ${actions.join('; ')}\n`);
  process.exit(2);
};

/**
 * The words oclif made `id` of, as they were typed: it joined them with `:`, which a URL holds too,
 * so they are the process's first arguments whose `:`-joined text is `id` (else the id's words).
 */
function typedWords(id: string): string[] {
  const argv = process.argv.slice(2);
  for (let n = 1; n <= argv.length; n++) {
    if (argv.slice(0, n).join(':') === id) return argv.slice(0, n);
  }
  return id.split(':');
}

export default hook;
