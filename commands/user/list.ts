import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listUsers, type UserView } from '../../src/services/users.js';

const COLUMNS: Column<UserView>[] = [
  { key: 'username', header: 'Username', essential: true, get: (u) => u.username },
  { key: 'fullName', header: 'Full name', text: true, get: (u) => u.fullName },
  { key: 'email', header: 'Email', text: true, drop: 2, get: (u) => u.email },
  { key: 'githubLogin', header: 'GitHub', get: (u) => u.githubLogin },
  { key: 'active', header: 'Active', get: (u) => u.active },
  { key: 'roles', header: 'Roles', text: true, get: (u) => u.roles.join(' ') },
];

export default class UserList extends ReadCommand<typeof UserList> {
  static override summary = 'List users with their roles.';
  static override examples = [
    '<%= config.bin %> user list',
    '<%= config.bin %> user list --active --role admin --output json',
  ];
  static override flags = {
    active: Flags.boolean({ summary: 'Only active users.', exclusive: ['inactive'] }),
    inactive: Flags.boolean({ summary: 'Only inactive users.', exclusive: ['active'] }),
    role: Flags.string({ summary: 'Only users with this role.' }),
    ...sortAndLimitFlags(['username', 'createdAt'], 'username'),
    ...outputFlags,
  };

  async run(): Promise<UserView[]> {
    const { flags } = this;
    const active = flags.active ? true : flags.inactive ? false : undefined;
    const rows = await this.withEm((em) =>
      listUsers(em, { active, role: flags.role, sort: orderBy(flags.sort), limit: flags.limit }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
