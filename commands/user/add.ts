import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addUser, userFields, type UserView } from '../../src/services/users.js';

export default class UserAdd extends OpsCommand<typeof UserAdd> {
  static override summary = 'Register a user (a person or a service account).';
  static override description = 'Roles are given separately with `user grant`.';
  static override examples = [
    '<%= config.bin %> user add --username alice --full-name "Alice Example" --email alice@example.org',
    '<%= config.bin %> user add --username transfer-daemon --dry-run',
    '<%= config.bin %> user add   # asks for each value on a terminal',
  ];
  static override flags = {
    username: Flags.string({ summary: 'Unique login name (at most 64 characters).' }),
    'full-name': Flags.string({ summary: 'Full name.' }),
    email: Flags.string({ summary: 'Email address.' }),
    'github-login': Flags.string({ summary: 'GitHub login (unique, in any case).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<UserView> | undefined> {
    const { flags } = this;
    const input = await this.complete(
      {
        username: flags.username,
        'full-name': flags['full-name'],
        email: flags.email,
        'github-login': flags['github-login'],
      },
      [
        { flag: 'username', message: 'Username', rule: userFields.username },
        { flag: 'full-name', message: 'Full name (optional)', optional: true, rule: userFields.fullName },
        { flag: 'email', message: 'Email (optional)', optional: true, rule: userFields.email },
        { flag: 'github-login', message: 'GitHub login (optional)', optional: true, rule: userFields.githubLogin },
      ],
    );
    if (!input) return this.declined();
    const result = await this.withEm((em) =>
      addUser(
        em,
        {
          username: input.username!,
          fullName: input['full-name'],
          email: input.email,
          githubLogin: input['github-login'],
        },
        { dryRun: flags['dry-run'] },
      ),
    );
    this.reportWrite(result, `user '${result.item.username}'`);
    return result;
  }
}
