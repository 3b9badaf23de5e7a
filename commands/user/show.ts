import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { UserDetail } from '../../src/services/users.js';
import { showUser } from '../../src/views/registry/users.js';

export default class UserShow extends ReadCommand<typeof UserShow> {
  static override summary = 'Show a user with roles, permissions and API tokens (never the token secrets).';
  static override examples = ['<%= config.bin %> user show alice', '<%= config.bin %> user show alice --json'];
  static override args = { name: Args.string({ required: true, description: 'Username' }) };

  async run(): Promise<UserDetail> {
    const detail = await showUser(await this.client(), this.args.name);
    const { tokens, ...rest } = detail;
    this.renderObject({
      ...rest,
      tokens: tokens.map(
        (t) =>
          `${t.name} (${t.prefix}…, ${t.state}${t.scopes.length ? `, ${t.scopes.join(' ')}` : ''}${
            t.expiresAt ? `, expires ${t.expiresAt.toISOString()}` : ''
          }, used ${t.usageCount}×)`,
      ),
    });
    return detail;
  }
}
