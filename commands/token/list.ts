import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import type { TokenView } from '../../src/services/tokens.js';
import { listTokens } from '../../src/views/registry/tokens.js';

const COLUMNS: Column<TokenView>[] = [
  { key: 'name', essential: true },
  { key: 'user', essential: true },
  { key: 'prefix', essential: true },
  { key: 'scopes', text: true, get: (t) => t.scopes.join(' ') },
  { key: 'active' },
  { key: 'state' },
  { key: 'expiresAt' },
  { key: 'lastUsedAt' },
  { key: 'lastUsedIp', drop: 2 },
  { key: 'usageCount', drop: 2 },
  { key: 'createdAt', extra: true },
];

export default class TokenList extends ReadCommand<typeof TokenList> {
  static override summary = 'List API tokens (never the tokens themselves nor their hashes).';
  static override columns = COLUMNS;
  static override examples = ['<%= config.bin %> token list', '<%= config.bin %> token list --user alice --json'];
  static override flags = {
    user: Flags.string({ summary: 'Only tokens of this user.' }),
    ...sortAndLimitFlags(COLUMNS, 'createdAt'),
    ...outputFlags,
  };

  async run(): Promise<ListPage<TokenView>> {
    const { flags } = this;
    const rows = await listTokens(await this.client(), { user: flags.user });
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
