import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CreatedSchema, TimestampedSchema } from './base.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * A named set of raw data packages that belong together beyond one execution — all the
 * executions of a map, a calibration campaign — so they can be staged and processed as one.
 * A package may be in several groupings.
 */
export const DataGroupingSchema = defineEntity({
  name: 'DataGrouping',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    description: p.text().nullable(),
    rawDataPackages: () =>
      p
        .manyToMany(RawDataPackageSchema)
        .owner()
        .pivotEntity(() => DataGroupingPackageSchema),
  },
  triggers: [updatedAtTrigger('data_grouping')],
});

export type DataGrouping = InferEntity<typeof DataGroupingSchema>;

/** A raw data package in a data grouping (join table). */
export const DataGroupingPackageSchema = defineEntity({
  name: 'DataGroupingPackage',
  tableName: 'data_grouping_raw_data_package',
  extends: CreatedSchema,
  properties: {
    dataGrouping: () => p.manyToOne(DataGroupingSchema).primary().deleteRule('cascade'),
    // Indexed: `package show` lists a package's groupings.
    rawDataPackage: () => p.manyToOne(RawDataPackageSchema).primary().deleteRule('cascade').index(),
  },
});

export type DataGroupingPackage = InferEntity<typeof DataGroupingPackageSchema>;
