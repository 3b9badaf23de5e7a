import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { InstrumentModuleSchema } from './instrument-module.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * The setup of one CHAI array (an instrument module: LFA, HFA) for an observation: which
 * spectrometer backend, its bandwidth and channels, and how many pixels take data.
 */
export const ChaiModuleConfigurationSchema = defineEntity({
  name: 'ChaiModuleConfiguration',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    instrumentModule: () => p.manyToOne(InstrumentModuleSchema).ref().deleteRule('restrict'),
    name: p.string().length(255),
    description: p.text().nullable(),
    /** The spectrometer backend (e.g. `ffts`). */
    backend: p.string().length(64).nullable(),
    bandwidthMhz: p.double().nullable(),
    channels: p.integer().nullable(),
    /** Pixels that take data; null for all of the module's pixels. */
    activePixels: p.integer().nullable(),
  },
  uniques: [{ name: 'chai_module_configuration_module_name_unique', properties: ['instrumentModule', 'name'] }],
  // Quoted bounds on double columns: see entities/source.ts.
  checks: [
    { name: 'chai_module_configuration_bandwidth_positive', expression: "bandwidth_mhz > '0'" },
    { name: 'chai_module_configuration_channels_positive', expression: 'channels > 0' },
    { name: 'chai_module_configuration_active_pixels_positive', expression: 'active_pixels > 0' },
  ],
  triggers: [updatedAtTrigger('chai_module_configuration')],
});

export type ChaiModuleConfiguration = InferEntity<typeof ChaiModuleConfigurationSchema>;
