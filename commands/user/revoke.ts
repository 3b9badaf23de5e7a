import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { describeRoleChange, revokeRole, type RoleChange } from '../../src/services/users.js';

export default class UserRevoke extends OpsCommand<typeof UserRevoke> {
  static override summary = 'Take a role from a user; revoking one they do not have changes nothing.';
  static override examples = [
    '<%= config.bin %> user revoke alice observer',
    '<%= config.bin %> user revoke alice admin --dry-run',
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
      revokeRole(em, this.args.name, this.args.role, { dryRun: this.flags['dry-run'] }),
    );
    this.done(describeRoleChange(result));
    return result;
  }
}
