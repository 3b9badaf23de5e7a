import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { TelescopeSchema } from './telescope.js';

/** An instrument on a telescope (CHAI, Prime-Cam); `available` is toggled for commissioning and maintenance. */
export const InstrumentSchema = defineEntity({
  name: 'Instrument',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    telescope: () => p.manyToOne(TelescopeSchema).ref().deleteRule('restrict'),
    name: p.string().length(255),
    instrumentType: p.string().length(64),
    description: p.text().nullable(),
    available: p.boolean().default(true),
  },
  uniques: [{ properties: ['telescope', 'name'] }],
  triggers: [updatedAtTrigger('instrument')],
});

export type Instrument = InferEntity<typeof InstrumentSchema>;
