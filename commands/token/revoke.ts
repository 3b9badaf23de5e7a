import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeRevocation, revokeToken, type TokenRevocation } from '../../src/services/tokens.js';

export default class TokenRevoke extends OpsCommand<typeof TokenRevoke> {
  static override summary = 'Revoke an API token; revoking it again changes nothing.';
  static override description =
    'Name the token by --user and --name, or by --prefix (its first 8 characters, as `token list` shows; ' +
    'add --user when several tokens share it).';
  static override examples = [
    '<%= config.bin %> token revoke --user alice --name ci',
    '<%= config.bin %> token revoke --user alice --name ci --dry-run',
  ];
  static override flags = {
    user: Flags.string({ summary: 'The user the token belongs to.' }),
    name: Flags.string({ summary: 'The token name.' }),
    prefix: Flags.string({ summary: 'The token prefix (first 8 characters).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would change without writing.' }),
  };

  async run(): Promise<TokenRevocation> {
    const { flags } = this;
    const result = await this.withEm((em) =>
      revokeToken(em, { user: flags.user, name: flags.name, prefix: flags.prefix }, { dryRun: flags['dry-run'] }),
    );
    this.done(describeRevocation(result));
    return result;
  }
}
