import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { UserSchema } from './user.js';

/**
 * An API token of a user. Only the SHA-256 hex of the raw token is stored; `prefix` (its first
 * 8 characters) identifies it. The raw token is shown once, at creation.
 */
export const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(UserSchema).ref().deleteRule('cascade'),
    name: p.string().length(255),
    tokenHash: p.string().length(64).unique(),
    prefix: p.string().length(8).index(),
    scopes: p.array().defaultRaw(`'{}'`),
    active: p.boolean().default(true),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    /** The client address of the last use, as the API saw it. */
    lastUsedIp: p.string().columnType('inet').nullable(),
    usageCount: p.integer().default(0),
  },
  uniques: [{ properties: ['user', 'name'] }],
  checks: [
    { name: 'api_token_token_hash_check', expression: "token_hash ~ '^[0-9a-f]{64}$'" },
    { name: 'api_token_usage_count_check', expression: 'usage_count >= 0' },
  ],
  triggers: [updatedAtTrigger('api_token')],
});

export type ApiToken = InferEntity<typeof ApiTokenSchema>;
