import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/** An observing programme (`GEco`, `Cal`, `ENG`); operators name it by `shortName`. */
export const ObservingProgramSchema = defineEntity({
  name: 'ObservingProgram',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    shortName: p.string().length(64).unique(),
    name: p.string().length(255),
    description: p.text().nullable(),
  },
  triggers: [updatedAtTrigger('observing_program')],
});

export type ObservingProgram = InferEntity<typeof ObservingProgramSchema>;
