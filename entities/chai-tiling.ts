import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { ScanDirection } from './enums.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * An on-the-fly map tile of a CHAI observation: its centre as an offset from the source, its size,
 * position angle, and how it is scanned (direction, row spacing, speed).
 */
export const ChaiTilingSchema = defineEntity({
  name: 'ChaiTiling',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    offsetXArcsec: p.double().default(0).fieldName('offset_x_arcsec'),
    offsetYArcsec: p.double().default(0).fieldName('offset_y_arcsec'),
    sizeXArcsec: p.double().fieldName('size_x_arcsec'),
    sizeYArcsec: p.double().fieldName('size_y_arcsec'),
    positionAngleDeg: p.double().default(0),
    scanDirection: p.enum(() => ScanDirection),
    rowSpacingArcsec: p.double().nullable(),
    scanSpeedArcsecS: p.double().nullable(),
  },
  // Quoted bounds on double columns: see entities/source.ts.
  checks: [
    { name: 'chai_tiling_size_positive', expression: "size_x_arcsec > '0' and size_y_arcsec > '0'" },
    {
      name: 'chai_tiling_position_angle_range',
      expression: "position_angle_deg >= '-180' and position_angle_deg <= '180'",
    },
    { name: 'chai_tiling_row_spacing_positive', expression: "row_spacing_arcsec > '0'" },
    { name: 'chai_tiling_scan_speed_positive', expression: "scan_speed_arcsec_s > '0'" },
  ],
  triggers: [updatedAtTrigger('chai_tiling')],
});

export type ChaiTiling = InferEntity<typeof ChaiTilingSchema>;
