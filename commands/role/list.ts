import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { RoleView } from '../../src/services/roles.js';
import { listRoles } from '../../src/views/registry/roles.js';

const COLUMNS: Column<RoleView>[] = [
  { key: 'name', essential: true },
  { key: 'permissions', text: true, get: (r) => r.permissions.join(' ') },
  { key: 'description', text: true, drop: 2 },
];

export default class RoleList extends ReadCommand<typeof RoleList> {
  static override summary = 'List roles with their permissions.';
  static override columns = COLUMNS;
  static override description = 'The roles and permissions are seeded by `db init` (data/roles.yaml).';
  static override examples = ['<%= config.bin %> role list', '<%= config.bin %> role list --output json'];
  static override flags = {
    ...sortAndLimitFlags(COLUMNS, 'name'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<RoleView>> {
    const rows = await listRoles(await this.client());
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
