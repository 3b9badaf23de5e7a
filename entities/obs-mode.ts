import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/** An observing mode (e.g. on-the-fly map, position switch). */
export const ObsModeSchema = defineEntity({
  name: 'ObsMode',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    description: p.text().nullable(),
  },
  triggers: [updatedAtTrigger('obs_mode')],
});

export type ObsMode = InferEntity<typeof ObsModeSchema>;
