import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { RoleSchema } from './role.js';
import { UserRoleSchema } from './user-role.js';

/** The rule that a GitHub login, in any case, belongs to one user (a unique index on its lower case). */
export const GITHUB_LOGIN_UNIQUE_ANY_CASE = 'user_github_login_unique_any_case';

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
  // GitHub logins are case-insensitive: `Alice` and `alice` are one GitHub user, so one ops-db user.
  uniques: [
    {
      name: GITHUB_LOGIN_UNIQUE_ANY_CASE,
      expression: `create unique index "${GITHUB_LOGIN_UNIQUE_ANY_CASE}" on "user" (lower(github_login))`,
    },
  ],
  triggers: [updatedAtTrigger('user')],
});

export type User = InferEntity<typeof UserSchema>;
