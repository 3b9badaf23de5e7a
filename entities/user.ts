import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { RoleSchema } from './role.js';
import { UserRoleSchema } from './user-role.js';

/** A person or service account; roles via the `user_role` join table. */
export const UserSchema = defineEntity({
  name: 'User',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(64).unique(),
    fullName: p.string().length(255).nullable(),
    email: p.string().length(255).nullable(),
    githubLogin: p.string().length(64).nullable().unique(),
    active: p.boolean().default(true),
    roles: () =>
      p
        .manyToMany(RoleSchema)
        .owner()
        .pivotEntity(() => UserRoleSchema),
  },
  triggers: [updatedAtTrigger('user')],
});

export type User = InferEntity<typeof UserSchema>;
