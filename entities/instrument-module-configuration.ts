import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { InstrumentModuleSchema } from './instrument-module.js';

/** A named configuration of an instrument module (free-form JSONB). */
export const InstrumentModuleConfigurationSchema = defineEntity({
  name: 'InstrumentModuleConfiguration',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    instrumentModule: () => p.manyToOne(InstrumentModuleSchema).ref().deleteRule('restrict'),
    name: p.string().length(255),
    configuration: p.json<Record<string, unknown>>().defaultRaw(`'{}'::jsonb`),
  },
  uniques: [
    {
      name: 'instrument_module_configuration_module_name_unique',
      properties: ['instrumentModule', 'name'],
    },
  ],
  triggers: [updatedAtTrigger('instrument_module_configuration')],
});

export type InstrumentModuleConfiguration = InferEntity<typeof InstrumentModuleConfigurationSchema>;
