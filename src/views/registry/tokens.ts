import sql, { empty, type Sql } from 'sql-template-tag';
import { tokenState } from '../../registry/token-state.js';
import type { TokenView } from '../../services/tokens.js';
import { userId } from '../names.js';
import { rows, type Queryable } from '../queryable.js';

/** A token's row: never the token itself nor its hash. */
type TokenRow = Omit<TokenView, 'state'>;

/**
 * The tokens `where` selects, in `order`, with their state now (`TokenView` keys in order). The
 * columns are named one by one: `token_hash` is never read.
 */
export async function tokenRows(db: Queryable, where: Sql, order: Sql): Promise<TokenView[]> {
  const found = await rows<TokenRow>(
    db,
    sql`select t.name, u.username as user, t.prefix, t.scopes, t.active, t.expires_at as "expiresAt",
          t.last_used_at as "lastUsedAt", t.last_used_ip as "lastUsedIp", t.usage_count as "usageCount",
          t.created_at as "createdAt"
        from api_token t join "user" u on u.id = t.user_id ${where} order by ${order}`,
  );
  const now = new Date();
  return found.map(({ name, user, prefix, scopes, active, expiresAt, ...rest }) => ({
    name,
    user,
    prefix,
    scopes,
    active,
    state: tokenState(active, expiresAt, now),
    expiresAt,
    ...rest,
  }));
}

/** The tokens by creation time, of one user if given (exit 4 with the nearest username when unknown). */
export async function listTokens(db: Queryable, filter: { user?: string } = {}): Promise<TokenView[]> {
  const where = filter.user ? sql`where t.user_id = ${await userId(db, filter.user)}` : empty;
  return tokenRows(db, where, sql`t.created_at, t.id`);
}
