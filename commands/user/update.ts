import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { updateUser, type UserView } from '../../src/services/users.js';

export default class UserUpdate extends OpsCommand<typeof UserUpdate> {
  static override summary = "Change a user's details or deactivate them; shows before and after.";
  static override examples = [
    '<%= config.bin %> user update alice --email alice@example.org',
    '<%= config.bin %> user update alice --no-active --dry-run',
  ];
  static override args = { name: Args.string({ required: true, description: 'Username' }) };
  static override flags = {
    'full-name': Flags.string({ summary: 'New full name.' }),
    email: Flags.string({ summary: 'New email address.' }),
    'github-login': Flags.string({ summary: 'New GitHub login.' }),
    active: Flags.boolean({ allowNo: true, summary: 'Activate (--active) or deactivate (--no-active) the user.' }),
    'dry-run': Flags.boolean({ summary: 'Show the changes without writing.' }),
  };

  async run(): Promise<WriteResult<UserView>> {
    const { flags } = this;
    const changes = {
      fullName: flags['full-name'],
      email: flags.email,
      githubLogin: flags['github-login'],
      active: flags.active,
    };
    const result = await this.withEm((em) => updateUser(em, this.args.name, changes, { dryRun: flags['dry-run'] }));
    this.reportWrite(result, `user '${this.args.name}'`, 'update');
    return result;
  }
}
