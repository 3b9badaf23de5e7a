import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CreatedSchema } from './base.js';
import { PermissionSchema } from './permission.js';
import { RoleSchema } from './role.js';

/** A permission a role grants, and since when (the `role_permission` join table). */
export const RolePermissionSchema = defineEntity({
  name: 'RolePermission',
  tableName: 'role_permission',
  extends: CreatedSchema,
  properties: {
    role: () => p.manyToOne(RoleSchema).primary().deleteRule('cascade'),
    permission: () => p.manyToOne(PermissionSchema).primary().deleteRule('cascade'),
  },
});

export type RolePermission = InferEntity<typeof RolePermissionSchema>;
