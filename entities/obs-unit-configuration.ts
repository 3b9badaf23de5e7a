import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CreatedSchema } from './base.js';
import { InstrumentModuleConfigurationSchema } from './instrument-module-configuration.js';
import { ObsUnitSchema } from './obs-unit.js';

/** A module configuration an obs unit uses (the `obs_unit_instrument_module_configuration` join table). */
export const ObsUnitConfigurationSchema = defineEntity({
  name: 'ObsUnitConfiguration',
  tableName: 'obs_unit_instrument_module_configuration',
  extends: CreatedSchema,
  properties: {
    obsUnit: () => p.manyToOne(ObsUnitSchema).primary().deleteRule('cascade'),
    instrumentModuleConfiguration: () =>
      p.manyToOne(InstrumentModuleConfigurationSchema).primary().deleteRule('cascade'),
  },
});

export type ObsUnitConfiguration = InferEntity<typeof ObsUnitConfigurationSchema>;
