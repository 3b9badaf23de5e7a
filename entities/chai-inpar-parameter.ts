import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { Sideband } from './enums.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * A CHAI INPAR set (instrument parameters): the line and how the heterodyne receiver is tuned to
 * it — rest frequency, local-oscillator frequency, sideband, intermediate frequency — and the
 * source velocity the tuning corrects for. Further instrument parameters go in `parameters`.
 */
export const ChaiInparParameterSchema = defineEntity({
  name: 'ChaiInparParameter',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    /** The line, as obs units name it (`CO43`, `CII`). */
    lineName: p.string().length(64),
    restFrequencyGhz: p.double(),
    loFrequencyGhz: p.double(),
    sideband: p.enum(() => Sideband),
    ifFrequencyGhz: p.double(),
    /** Source velocity (LSR), km/s. */
    velocityKms: p.double().default(0),
    parameters: p.json<Record<string, unknown>>().nullable(),
  },
  // Quoted bounds on double columns: see entities/source.ts.
  checks: [
    { name: 'chai_inpar_parameter_rest_frequency_positive', expression: "rest_frequency_ghz > '0'" },
    { name: 'chai_inpar_parameter_lo_frequency_positive', expression: "lo_frequency_ghz > '0'" },
    { name: 'chai_inpar_parameter_if_frequency_not_negative', expression: "if_frequency_ghz >= '0'" },
  ],
  triggers: [updatedAtTrigger('chai_inpar_parameter')],
});

export type ChaiInparParameter = InferEntity<typeof ChaiInparParameterSchema>;
