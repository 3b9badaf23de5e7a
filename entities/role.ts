import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { PermissionSchema } from './permission.js';
import { RolePermissionSchema } from './role-permission.js';

/** A role (`admin`, `observer`, `viewer`, `service`) granting permissions (join table `role_permission`). */
export const RoleSchema = defineEntity({
  name: 'Role',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(64).unique(),
    description: p.text().nullable(),
    permissions: () =>
      p
        .manyToMany(PermissionSchema)
        .owner()
        .pivotEntity(() => RolePermissionSchema),
  },
  triggers: [updatedAtTrigger('role')],
});

export type Role = InferEntity<typeof RoleSchema>;
