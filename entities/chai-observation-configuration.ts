import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CreatedSchema, TimestampedSchema } from './base.js';
import { ChaiInparParameterSchema } from './chai-inpar-parameter.js';
import { ChaiModuleConfigurationSchema } from './chai-module-configuration.js';
import { ChaiTilingSchema } from './chai-tiling.js';
import { ObservationConfigurationSchema } from './observation-configuration.js';
import { chaiDetailsTrigger } from './chai-configuration-type-trigger.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * The CHAI part of an observation configuration (same id, joined-table inheritance as in ops-db):
 * the INPAR set it tunes to, the map tile it covers (none for a pointed observation), and the
 * module configurations of the arrays it uses.
 */
export const ChaiObservationConfigurationSchema = defineEntity({
  name: 'ChaiObservationConfiguration',
  extends: TimestampedSchema,
  properties: {
    observationConfiguration: () =>
      p.oneToOne(ObservationConfigurationSchema).owner().primary().fieldName('id').deleteRule('cascade'),
    chaiInparParameter: () => p.manyToOne(ChaiInparParameterSchema).ref().deleteRule('restrict').index(),
    chaiTiling: () => p.manyToOne(ChaiTilingSchema).ref().nullable().deleteRule('restrict').index(),
    chaiModuleConfigurations: () =>
      p
        .manyToMany(ChaiModuleConfigurationSchema)
        .owner()
        .pivotEntity(() => ChaiObservationModuleConfigurationSchema),
  },
  triggers: [updatedAtTrigger('chai_observation_configuration'), chaiDetailsTrigger],
});

export type ChaiObservationConfiguration = InferEntity<typeof ChaiObservationConfigurationSchema>;

/** A module configuration a CHAI observation configuration uses (join table). */
export const ChaiObservationModuleConfigurationSchema = defineEntity({
  name: 'ChaiObservationModuleConfiguration',
  tableName: 'chai_observation_module_configuration',
  extends: CreatedSchema,
  properties: {
    chaiObservationConfiguration: () =>
      p
        .manyToOne(ChaiObservationConfigurationSchema)
        .primary()
        .deleteRule('cascade')
        .foreignKeyName('chai_observation_module_configuration_observation_foreign'),
    // Indexed: deleting a module configuration looks for observation configurations using it.
    chaiModuleConfiguration: () =>
      p
        .manyToOne(ChaiModuleConfigurationSchema)
        .primary()
        .deleteRule('restrict')
        .foreignKeyName('chai_observation_module_configuration_module_foreign')
        .index('chai_observation_module_configuration_module_index'),
  },
});

export type ChaiObservationModuleConfiguration = InferEntity<typeof ChaiObservationModuleConfigurationSchema>;
