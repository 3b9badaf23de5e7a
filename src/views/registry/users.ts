import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { UserDetail, UserView } from '../../services/users.js';
import { roleId, userId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';
import { tokenRows } from './tokens.js';

const USER_SELECT = sql`select u.username, u.full_name as "fullName", u.email, u.github_login as "githubLogin",
    u.active,
    array(select r.name::text from user_role ur join role r on r.id = ur.role_id where ur.user_id = u.id) as roles,
    u.created_at as "createdAt", u.updated_at as "updatedAt"
  from "user" u`;

/** Roles in code-point order, as `user` commands have always listed them. */
const sortRoles = (u: UserView): UserView => ({ ...u, roles: u.roles.sort() });

/** The users by username, active or not and with a role if given (an unknown role is exit 4). */
export async function listUsers(db: Queryable, filter: { active?: boolean; role?: string } = {}): Promise<UserView[]> {
  const where: Sql[] = [];
  if (filter.active !== undefined) where.push(sql`u.active = ${filter.active}`);
  if (filter.role) {
    const role = await roleId(db, filter.role);
    where.push(sql`exists (select 1 from user_role ur where ur.user_id = u.id and ur.role_id = ${role})`);
  }
  const filtered = where.length ? sql`where ${join(where, ' and ')}` : empty;
  return (await rows<UserView>(db, sql`${USER_SELECT} ${filtered} order by u.username`)).map(sortRoles);
}

/**
 * A user with roles, the permissions they give and the user's tokens (never the token itself nor its
 * hash); exit 4 with the nearest username when there is none.
 */
export async function showUser(db: Queryable, username: string): Promise<UserDetail> {
  const id = await userId(db, username);
  const user = sortRoles((await one<UserView>(db, sql`${USER_SELECT} where u.id = ${id}`))!);
  const permissions = await rows<{ name: string }>(
    db,
    sql`select distinct p.name::text as name from user_role ur
          join role_permission rp on rp.role_id = ur.role_id
          join permission p on p.id = rp.permission_id
         where ur.user_id = ${id}`,
  );
  const tokens = await tokenRows(db, sql`where t.user_id = ${id}`, sql`t.name`);
  return {
    ...user,
    permissions: permissions.map((p) => p.name).sort(),
    tokens: tokens.map(({ user: _user, ...rest }) => rest),
  };
}
