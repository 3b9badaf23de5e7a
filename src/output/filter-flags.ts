import { Flags } from '@oclif/core';

/** `--since`/`--until`: a date, a date-time, or a duration ago. */
export const timeRangeFlags = {
  since: Flags.string({
    summary: 'Only those created at or after this time (2026-11-01, 2026-11-01T12:00Z, or 6h / 7d ago).',
  }),
  until: Flags.string({ summary: 'Only those created before this time (same forms as --since).' }),
};

/** A status flag that takes one or more values, comma-separated, each checked against `options`. */
export const statusFlag = <const S extends string>(
  options: readonly S[],
  summary = 'Only these statuses (comma-separated).',
) => Flags.option({ options, multiple: true, delimiter: ',', summary })();
