import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listRoles, type RoleView } from '../../src/services/roles.js';

const COLUMNS: Column<RoleView>[] = [
  { key: 'name', header: 'Role', essential: true, get: (r) => r.name },
  { key: 'permissions', header: 'Permissions', text: true, get: (r) => r.permissions.join(' ') },
  { key: 'description', header: 'Description', text: true, drop: 2, get: (r) => r.description },
];

export default class RoleList extends ReadCommand<typeof RoleList> {
  static override summary = 'List roles with their permissions.';
  static override description = 'The roles and permissions are seeded by `db init` (data/roles.yaml).';
  static override examples = ['<%= config.bin %> role list', '<%= config.bin %> role list --output json'];
  static override flags = {
    ...sortAndLimitFlags(['name', 'createdAt'], 'name'),
    ...outputFlags,
  };

  async run(): Promise<RoleView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) => listRoles(em, { sort: orderBy(flags.sort), limit: flags.limit }));
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
