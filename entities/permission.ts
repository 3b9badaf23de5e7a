import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/** A permission named `action:resource` (e.g. `read:observations`, `manage:users`). */
export const PermissionSchema = defineEntity({
  name: 'Permission',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(128).unique(),
    description: p.text().nullable(),
  },
  checks: [
    {
      name: 'permission_name_check',
      expression: "name ~ '^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$'",
    },
  ],
  triggers: [updatedAtTrigger('permission')],
});

export type Permission = InferEntity<typeof PermissionSchema>;
