import { Flags } from '@oclif/core';
import chalk from 'chalk';
import { OpsCommand } from '../../src/base-command.js';
import { createToken, tokenFields } from '../../src/services/tokens.js';

export default class TokenCreate extends OpsCommand<typeof TokenCreate> {
  static override summary = 'Create an API token for a user; the token is shown once.';
  static override description =
    'Prints the token alone on stdout (with --json: only {"token": "..."}). Only its SHA-256 and its ' +
    'first 8 characters are stored: store it now, it cannot be shown again. --expires takes a duration ' +
    '(90d, 12h, 2w) or a date (2027-01-31 means 00:00 UTC that day).';
  static override examples = [
    '<%= config.bin %> token create --user alice --name ci --scopes read:data,write:data --expires 90d',
    '<%= config.bin %> token create --user transfer-daemon --name prod --expires 2027-01-31 --json',
  ];
  static override flags = {
    user: Flags.string({ summary: 'The user the token acts as.' }),
    name: Flags.string({ summary: 'Token name, unique per user (e.g. ci).' }),
    scopes: Flags.string({ summary: 'Comma-separated action:resource scopes (e.g. read:data,write:data).' }),
    expires: Flags.string({ summary: 'Expiry: a duration (90d, 12h, 2w) or a date (2027-01-31). Default: never.' }),
  };

  async run(): Promise<{ token: string } | undefined> {
    const { flags } = this;
    const input = await this.complete({ user: flags.user, name: flags.name }, [
      { flag: 'user', message: 'User', rule: tokenFields.user },
      { flag: 'name', message: 'Token name', rule: tokenFields.name },
    ]);
    if (!input) return this.declined();
    const created = await this.withEm((em) =>
      createToken(em, { user: input.user!, name: input.name!, scopes: flags.scopes, expires: flags.expires }),
    );
    const { item } = created;
    process.stderr.write(
      `${chalk.yellow(
        `Created token '${item.name}' for user '${item.user}'${
          item.expiresAt ? ` (expires ${item.expiresAt.toISOString()})` : ''
        }; store it now, it cannot be shown again.`,
      )}\n`,
    );
    if (!this.jsonEnabled()) process.stdout.write(`${created.token}\n`);
    return { token: created.token };
  }
}
