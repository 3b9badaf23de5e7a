import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

export const ObservatorySchema = defineEntity({
  name: 'Observatory',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    description: p.text().nullable(),
  },
  triggers: [updatedAtTrigger('observatory')],
});

export type Observatory = InferEntity<typeof ObservatorySchema>;
