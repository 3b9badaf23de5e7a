import type { EntityManager } from '@mikro-orm/postgresql';
import { RoleSchema, type Role } from '../../entities/index.js';
import { notFound } from '../registry/lookup.js';

export interface RoleView {
  name: string;
  description: string | null;
  permissions: string[];
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
