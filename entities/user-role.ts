import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CreatedSchema } from './base.js';
import { RoleSchema } from './role.js';
import { UserSchema } from './user.js';

/** A role granted to a user, and when (the `user_role` join table). */
export const UserRoleSchema = defineEntity({
  name: 'UserRole',
  tableName: 'user_role',
  extends: CreatedSchema,
  properties: {
    user: () => p.manyToOne(UserSchema).primary().deleteRule('cascade'),
    role: () => p.manyToOne(RoleSchema).primary().deleteRule('cascade'),
  },
});

export type UserRole = InferEntity<typeof UserRoleSchema>;
