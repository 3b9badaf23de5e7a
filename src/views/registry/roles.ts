import sql from 'sql-template-tag';
import type { RoleView } from '../../services/roles.js';
import { rows, type Queryable } from '../queryable.js';

/** The roles (seeded by `db init`/`db seed`) by name, each with its permissions in code-point order. */
export async function listRoles(db: Queryable): Promise<RoleView[]> {
  const roles = await rows<RoleView>(
    db,
    sql`select r.name, r.description,
          array(select p.name::text from role_permission rp join permission p on p.id = rp.permission_id
                 where rp.role_id = r.id) as permissions
        from role r order by r.name`,
  );
  return roles.map((r) => ({ ...r, permissions: r.permissions.sort() }));
}
