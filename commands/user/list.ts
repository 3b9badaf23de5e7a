import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { UserView } from '../../src/services/users.js';
import { listUsers } from '../../src/views/registry/users.js';

const COLUMNS: Column<UserView>[] = [
  { key: 'username', essential: true },
  { key: 'fullName', text: true },
  { key: 'email', text: true, drop: 2 },
  { key: 'githubLogin' },
  { key: 'active' },
  { key: 'roles', text: true, get: (u) => u.roles.join(' ') },
  { key: 'createdAt', extra: true },
  { key: 'updatedAt', extra: true },
];

export default class UserList extends ReadCommand<typeof UserList> {
  static override summary = 'List users with their roles.';
  static override columns = COLUMNS;
  static override examples = [
    '<%= config.bin %> user list',
    '<%= config.bin %> user list --active --role admin --output json',
  ];
  static override flags = {
    active: Flags.boolean({ summary: 'Only active users.', exclusive: ['inactive'] }),
    inactive: Flags.boolean({ summary: 'Only inactive users.', exclusive: ['active'] }),
    role: Flags.string({ summary: 'Only users with this role.' }),
    ...sortAndLimitFlags(COLUMNS, 'username'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<UserView>> {
    const { flags } = this;
    const active = flags.active ? true : flags.inactive ? false : undefined;
    const rows = await listUsers(await this.client(), { active, role: flags.role });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
