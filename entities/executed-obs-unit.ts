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
    /**
     * Set while the `file register --obs-unit` run that recorded it has not finished (interrupted, or
     * files skipped): a sha256 of what that run was asked (location, module, PATHs, manifest), so
     * running the same command again adds the rest of the files to this execution. Null once a run
     * of it ends with every file registered, and for executions recorded any other way.
     */
    registerRun: p.text().nullable(),
  },
  indexes: [{ properties: ['startTime', 'id'] }, { properties: ['status', 'startTime'] }],
  uniques: [
    {
      // One unfinished registration per obs unit and command: a run continues it, never a second one.
      name: 'executed_obs_unit_one_open_register_run',
      properties: ['obsUnit', 'registerRun'],
      where: 'register_run is not null',
    },
  ],
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
