import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { ObservingProgramSchema } from './observing-program.js';

/** A sub-programme of an observing programme; `shortName` is unique per programme. */
export const SubObservingProgramSchema = defineEntity({
  name: 'SubObservingProgram',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    observingProgram: () => p.manyToOne(ObservingProgramSchema).ref().deleteRule('restrict'),
    shortName: p.string().length(64),
    name: p.string().length(255),
  },
  uniques: [{ properties: ['observingProgram', 'shortName'] }],
  triggers: [updatedAtTrigger('sub_observing_program')],
});

export type SubObservingProgram = InferEntity<typeof SubObservingProgramSchema>;
