import { Flags } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { Column } from '../../src/output/columns.js';
import { orderBy, outputFlags, sortAndLimitFlags } from '../../src/output/list-flags.js';
import { listTokens, type TokenView } from '../../src/services/tokens.js';

const COLUMNS: Column<TokenView>[] = [
  { key: 'name', header: 'Name', essential: true, get: (t) => t.name },
  { key: 'user', header: 'User', essential: true, get: (t) => t.user },
  { key: 'prefix', header: 'Prefix', essential: true, get: (t) => t.prefix },
  { key: 'scopes', header: 'Scopes', text: true, get: (t) => t.scopes.join(' ') },
  { key: 'active', header: 'Active', get: (t) => t.active },
  { key: 'state', header: 'State', get: (t) => t.state },
  { key: 'expiresAt', header: 'Expires', get: (t) => t.expiresAt },
  { key: 'lastUsedAt', header: 'Last used', get: (t) => t.lastUsedAt },
  { key: 'lastUsedIp', header: 'Last used IP', drop: 2, get: (t) => t.lastUsedIp },
  { key: 'usageCount', header: 'Uses', drop: 2, get: (t) => t.usageCount },
];

export default class TokenList extends ReadCommand<typeof TokenList> {
  static override summary = 'List API tokens (never the tokens themselves nor their hashes).';
  static override examples = ['<%= config.bin %> token list', '<%= config.bin %> token list --user alice --json'];
  static override flags = {
    user: Flags.string({ summary: 'Only tokens of this user.' }),
    ...sortAndLimitFlags(['createdAt', 'name', 'expiresAt', 'lastUsedAt', 'usageCount'], 'createdAt'),
    ...outputFlags,
  };

  async run(): Promise<TokenView[]> {
    const { flags } = this;
    const rows = await this.withEm((em) =>
      listTokens(em, { user: flags.user, sort: orderBy(flags.sort), limit: flags.limit }),
    );
    this.renderRows(rows, COLUMNS, flags.output, flags.columns?.split(','));
    return rows;
  }
}
