import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema, uuidPrimaryKey } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { ExecutedObsUnitStatus } from './enums.js';
import { ObsUnitSchema } from './obs-unit.js';

/** One execution of an ObsUnit. UUID key: instruments create these while offline. */
export const ExecutedObsUnitSchema = defineEntity({
  name: 'ExecutedObsUnit',
  extends: TimestampedSchema,
  properties: {
    id: uuidPrimaryKey(),
    obsUnit: () => p.manyToOne(ObsUnitSchema).ref().deleteRule('restrict').index(),
    status: p.enum(() => ExecutedObsUnitStatus).default(ExecutedObsUnitStatus.RUNNING),
    startTime: p.datetime(),
    /** Null while running. */
    endTime: p.datetime().nullable(),
    /** Observing conditions: PWV, weather. */
    conditions: p.json<Record<string, unknown>>().nullable(),
  },
  indexes: [{ properties: ['startTime', 'id'] }, { properties: ['status', 'startTime'] }],
  checks: [
    {
      name: 'executed_obs_unit_time_check',
      expression: 'end_time is null or end_time >= start_time',
    },
    {
      // The lifecycle: running until it ends, and an end time exactly once it has ended.
      name: 'executed_obs_unit_end_time_null_while_running',
      expression: "(status = 'running') = (end_time is null)",
    },
  ],
  triggers: [updatedAtTrigger('executed_obs_unit')],
});

export type ExecutedObsUnit = InferEntity<typeof ExecutedObsUnitSchema>;
