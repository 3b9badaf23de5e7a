import type { Hook } from '@oclif/core';
import { closest, distance } from 'fastest-levenshtein';

/** An unknown command: one line naming the nearest real one, exit 2 (a usage error). */
const hook: Hook<'command_not_found'> = async function (opts) {
  const typed = opts.id.replaceAll(':', ' ');
  const known = opts.config.commandIDs.map((id) => id.replaceAll(':', ' '));
  const nearest = known.length ? closest(typed, known) : undefined;
  const hint =
    nearest && distance(typed, nearest) <= Math.max(3, typed.length / 2) ? ` Did you mean '${nearest}'?` : '';
  process.stderr.write(
    `Error: '${typed}' is not a ${opts.config.bin} command.${hint}\nTry: \`${opts.config.bin} --help\` lists the commands\n`,
  );
  process.exit(2);
};

export default hook;
