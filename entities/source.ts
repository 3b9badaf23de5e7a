import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { SourceType } from './enums.js';

/**
 * An astronomical source. One table for all subtypes: `sourceType` says which, and check constraints
 * require exactly the subtype's columns —
 * fixed: ICRS `raDeg`, `decDeg`;
 * solar system: `ephemerisName`;
 * constant elevation: a box on the sky (`raMinDeg`..`raMaxDeg`, `decMinDeg`..`decMaxDeg`) and
 * `elevationDeg`.
 */
export const SourceSchema = defineEntity({
  name: 'Source',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    sourceType: p.enum(() => SourceType).index(),
    raDeg: p.double().nullable(),
    decDeg: p.double().nullable(),
    ephemerisName: p.string().length(255).nullable(),
    raMinDeg: p.double().nullable(),
    raMaxDeg: p.double().nullable(),
    decMinDeg: p.double().nullable(),
    decMaxDeg: p.double().nullable(),
    elevationDeg: p.double().nullable(),
  },
  // Numeric bounds on double columns are quoted literals (typed as double precision by PostgreSQL):
  // an unquoted `0` is stored as `(0)::double precision`, which MikroORM's introspection misreads, so
  // every schema diff would drop and re-add the check.
  checks: [
    { name: 'source_ra_deg_check', expression: "ra_deg >= '0' and ra_deg < '360'" },
    { name: 'source_dec_deg_check', expression: "dec_deg >= '-90' and dec_deg <= '90'" },
    {
      name: 'source_ra_range_check',
      expression: "ra_min_deg >= '0' and ra_min_deg < '360' and ra_max_deg >= '0' and ra_max_deg < '360'",
    },
    {
      name: 'source_dec_range_check',
      expression:
        "dec_min_deg >= '-90' and dec_min_deg <= '90' and dec_max_deg >= '-90' and dec_max_deg <= '90'" +
        ' and dec_min_deg <= dec_max_deg',
    },
    {
      name: 'source_elevation_deg_check',
      expression: "elevation_deg >= '0' and elevation_deg <= '90'",
    },
    {
      name: 'source_fixed_check',
      expression:
        "(source_type = 'fixed') = (ra_deg is not null and dec_deg is not null)" +
        " and (source_type = 'fixed' or (ra_deg is null and dec_deg is null))",
    },
    {
      name: 'source_solar_system_check',
      expression: "(source_type = 'solar_system') = (ephemeris_name is not null)",
    },
    {
      name: 'source_constant_elevation_check',
      expression:
        "(source_type = 'constant_elevation') = (ra_min_deg is not null and ra_max_deg is not null" +
        ' and dec_min_deg is not null and dec_max_deg is not null and elevation_deg is not null)' +
        " and (source_type = 'constant_elevation' or (ra_min_deg is null and ra_max_deg is null" +
        ' and dec_min_deg is null and dec_max_deg is null and elevation_deg is null))',
    },
  ],
  triggers: [updatedAtTrigger('source')],
});

export type Source = InferEntity<typeof SourceSchema>;
