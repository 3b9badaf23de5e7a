import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { InstrumentSchema } from './instrument.js';

/** The unit of an instrument that produces data files (e.g. CHAI LFA, Prime-Cam 280 GHz). */
export const InstrumentModuleSchema = defineEntity({
  name: 'InstrumentModule',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    instrument: () => p.manyToOne(InstrumentSchema).ref().deleteRule('restrict'),
    name: p.string().length(255),
    description: p.text().nullable(),
    pixels: p.integer().nullable(),
    freqMinGhz: p.double().nullable(),
    freqMaxGhz: p.double().nullable(),
    available: p.boolean().default(true),
  },
  uniques: [{ properties: ['instrument', 'name'] }],
  checks: [
    { name: 'instrument_module_pixels_check', expression: 'pixels >= 0' },
    {
      name: 'instrument_module_freq_check',
      // Quoted: see source.ts on bounds of double columns.
      expression: "freq_min_ghz >= '0' and freq_max_ghz >= freq_min_ghz",
    },
  ],
  triggers: [updatedAtTrigger('instrument_module')],
});

export type InstrumentModule = InferEntity<typeof InstrumentModuleSchema>;
