import { ObsUnitConfigurationSchema } from './obs-unit-configuration.js';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { InstrumentModuleConfigurationSchema } from './instrument-module-configuration.js';
import { ObsModeSchema } from './obs-mode.js';
import { ObservationConfigurationSchema } from './observation-configuration.js';
import { ObservingProgramSchema } from './observing-program.js';
import { SourceSchema } from './source.js';
import { SubObservingProgramSchema } from './sub-observing-program.js';

/** The schedulable unit of observing. */
export const ObsUnitSchema = defineEntity({
  name: 'ObsUnit',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    observingProgram: () => p.manyToOne(ObservingProgramSchema).ref().deleteRule('restrict').index(),
    subObservingProgram: () => p.manyToOne(SubObservingProgramSchema).ref().nullable().deleteRule('restrict').index(),
    source: () => p.manyToOne(SourceSchema).ref().deleteRule('restrict').index(),
    obsMode: () => p.manyToOne(ObsModeSchema).ref().deleteRule('restrict').index(),
    /** How it is observed with its instrument (a CHAI setup, a Prime-Cam one); none yet while planning. */
    observationConfiguration: () =>
      p.manyToOne(ObservationConfigurationSchema).ref().nullable().deleteRule('restrict').index(),
    lineId: p.string().length(64).nullable(),
    priority: p.integer().default(0),
    available: p.boolean().default(true),
    instrumentModuleConfigurations: () =>
      p
        .manyToMany(InstrumentModuleConfigurationSchema)
        .owner()
        .pivotEntity(() => ObsUnitConfigurationSchema),
  },
  triggers: [updatedAtTrigger('obs_unit')],
});

export type ObsUnit = InferEntity<typeof ObsUnitSchema>;
