import { Command, Flags } from '@oclif/core';
import { OpsCommand } from './base-command.js';
import { maxLagMs } from './replica/max-lag.js';

/** The flags of every command that only reads (DESIGN §4: the read endpoint). */
export const readFlags = {
  'read-database-url': Flags.string({
    summary: 'PostgreSQL URL of a read replica (overrides CCAT_OPS_READ_DATABASE_URL and the config file).',
    helpGroup: 'READ REPLICA',
  }),
  primary: Flags.boolean({
    summary: 'Read from the primary even when a read replica is configured.',
    helpGroup: 'READ REPLICA',
  }),
  'max-lag': Flags.string({
    summary:
      'Warn when the replica is further behind than this (default CCAT_OPS_MAX_LAG, else 60s); given here, exit 69 instead.',
    helpGroup: 'READ REPLICA',
  }),
  fallback: Flags.boolean({
    allowNo: true,
    default: true,
    summary: 'Read from the primary, with a warning, when the replica is down; --no-fallback exits 69 instead.',
    helpGroup: 'READ REPLICA',
  }),
};

/**
 * A command that only reads. When a read replica is configured its statements go there (unless
 * `--primary`), the result under `--json` states the data's age (`asOf`), and a lag over
 * `--max-lag` is a warning, or exit 69 when `--max-lag` was given. Every write, every lock and every
 * audit run stays on the primary: those commands extend `OpsCommand`.
 */
export abstract class ReadCommand<T extends typeof Command> extends OpsCommand<T> {
  static override readOnly = true;
  static override baseFlags = { ...OpsCommand.baseFlags, ...readFlags };

  public override async init(): Promise<void> {
    await super.init();
    // Checked whether or not a replica is configured (exit 2): a bad bound must not pass unnoticed
    // until the day one is.
    maxLagMs((this.flags as { 'max-lag'?: string })['max-lag']);
  }
}
