import { Flags } from '@oclif/core';

/** `--quiet`, for the commands cron runs: nothing printed when all is well, only problems otherwise. */
export const quietFlag = {
  quiet: Flags.boolean({
    char: 'q',
    summary: 'Print nothing when all is well; only the problems (findings, breaches, errors) otherwise.',
  }),
};
