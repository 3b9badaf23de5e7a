import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeRoleChange, grantRole, type RoleChange } from '../../src/services/users.js';

export default class UserGrant extends OpsCommand<typeof UserGrant> {
  static override summary = 'Give a user a role; granting it again changes nothing.';
  static override examples = [
    '<%= config.bin %> user grant alice observer',
    '<%= config.bin %> user grant alice admin --dry-run',
  ];
  static override args = {
    name: Args.string({ required: true, description: 'Username' }),
    role: Args.string({ required: true, description: 'Role (see `role list`)' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Show what would change without writing.' }),
  };

  async run(): Promise<RoleChange> {
    const result = await this.withEm((em) =>
      grantRole(em, this.args.name, this.args.role, { dryRun: this.flags['dry-run'] }),
    );
    this.done(describeRoleChange(result));
    return result;
  }
}
