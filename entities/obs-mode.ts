import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';

/** An observing mode (e.g. on-the-fly map, position switch). */
export const ObsModeSchema = defineEntity({
  name: 'ObsMode',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    description: p.text().nullable(),
  },
});

export type ObsMode = InferEntity<typeof ObsModeSchema>;
