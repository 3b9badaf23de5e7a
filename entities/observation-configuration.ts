import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { ObservationConfigurationType } from './enums.js';
import { chaiTypeKeptTrigger } from './chai-configuration-type-trigger.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * How an obs unit is to be observed with its instrument: the instrument-specific setup an obs unit
 * points to (`obs_unit.observation_configuration_id`). `type` says which instrument; a CHAI
 * configuration has its details in `chai_observation_configuration` (same id). Instruments whose
 * setup has no table of its own (Prime-Cam so far) keep it in `parameters`.
 */
export const ObservationConfigurationSchema = defineEntity({
  name: 'ObservationConfiguration',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    type: p.enum(() => ObservationConfigurationType).index(),
    description: p.text().nullable(),
    parameters: p.json<Record<string, unknown>>().nullable(),
  },
  triggers: [updatedAtTrigger('observation_configuration'), chaiTypeKeptTrigger],
});

export type ObservationConfiguration = InferEntity<typeof ObservationConfigurationSchema>;
