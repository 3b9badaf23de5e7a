import type { EntityManager } from '@mikro-orm/postgresql';
import { RoleSchema, type Role } from '../../entities/index.js';
import { notFound } from '../registry/lookup.js';

export interface RoleView {
  name: string;
  description: string | null;
  permissions: string[];
}

export interface RoleFilter {
  sort?: Record<string, 'asc' | 'desc'>;
  limit?: number;
}

/** The role of that name, or exit 4 with the nearest name. */
export async function findRole(em: EntityManager, name: string): Promise<Role> {
  const found = await em.findOne(RoleSchema, { name });
  if (found) return found;
  const all = await em.find(RoleSchema, {}, { fields: ['name'] });
  throw notFound(
    'role',
    name,
    all.map((r) => r.name),
    'role list',
  );
}

/** The roles (seeded by `db init`/`db seed`) with their permissions. */
export async function listRoles(em: EntityManager, filter: RoleFilter = {}): Promise<RoleView[]> {
  const rows = await em.find(
    RoleSchema,
    {},
    { populate: ['permissions'], orderBy: filter.sort ?? { name: 'asc' }, limit: filter.limit },
  );
  return rows.map((r) => ({
    name: r.name,
    description: r.description ?? null,
    permissions: r.permissions
      .getItems()
      .map((p) => p.name)
      .sort(),
  }));
}
