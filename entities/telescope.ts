import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { ObservatorySchema } from './observatory.js';

export const TelescopeSchema = defineEntity({
  name: 'Telescope',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    observatory: () => p.manyToOne(ObservatorySchema).ref().deleteRule('restrict').index(),
    name: p.string().length(255).unique(),
    description: p.text().nullable(),
    latitudeDeg: p.double().nullable(),
    longitudeDeg: p.double().nullable(),
    altitudeM: p.double().nullable(),
  },
  // Quoted: see source.ts on bounds of double columns.
  checks: [
    {
      name: 'telescope_latitude_deg_check',
      expression: "latitude_deg >= '-90' and latitude_deg <= '90'",
    },
    {
      name: 'telescope_longitude_deg_check',
      expression: "longitude_deg >= '-180' and longitude_deg <= '180'",
    },
  ],
  triggers: [updatedAtTrigger('telescope')],
});

export type Telescope = InferEntity<typeof TelescopeSchema>;
