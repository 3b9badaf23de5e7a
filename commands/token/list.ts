import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { ListPage } from '../../src/output/render-list.js';
import type { Column } from '../../src/output/columns.js';
import { outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listTokens, type TokenView } from '../../src/services/tokens.js';

const COLUMNS: Column<TokenView>[] = [
  { key: 'name', essential: true, get: (t) => t.name },
  { key: 'user', essential: true, get: (t) => t.user },
  { key: 'prefix', essential: true, get: (t) => t.prefix },
  { key: 'scopes', text: true, get: (t) => t.scopes.join(' ') },
  { key: 'active', get: (t) => t.active },
  { key: 'state', get: (t) => t.state },
  { key: 'expiresAt', get: (t) => t.expiresAt },
  { key: 'lastUsedAt', get: (t) => t.lastUsedAt },
  { key: 'lastUsedIp', drop: 2, get: (t) => t.lastUsedIp },
  { key: 'usageCount', drop: 2, get: (t) => t.usageCount },
  { key: 'createdAt', extra: true, get: (t) => t.createdAt },
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
    const rows = await this.withEm((em) => listTokens(em, { user: flags.user }));
    return this.renderRegistryList(rows, COLUMNS, this.flags);
  }
}
