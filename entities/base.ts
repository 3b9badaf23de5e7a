import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/**
 * Timestamps every mutable table carries. The database default keeps bulk loads (COPY) that bypass
 * the ORM honest; `onCreate`/`onUpdate` keep the identity map in step with what was written.
 */
export const TimestampedSchema = defineEntity({
  name: 'Timestamped',
  abstract: true,
  properties: {
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** Append-only tables (logs, findings) have a creation time only. */
export const CreatedSchema = defineEntity({
  name: 'Created',
  abstract: true,
  properties: {
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/**
 * UUID primary key for what instruments create while offline: the client may choose the id, the
 * ORM makes one on create, and the database default covers bulk loads.
 */
export const uuidPrimaryKey = () =>
  p
    .uuid()
    .primary()
    .defaultRaw('gen_random_uuid()')
    .onCreate(() => randomUUID());
