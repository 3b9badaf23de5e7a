import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { locationRootsTrigger } from './data-location-root-trigger.js';
import { locationSiteKeptTrigger } from './data-location-site-trigger.js';
import { locationTypeKeptTrigger } from './data-location-type-trigger.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { LocationType, StorageType } from './enums.js';
import { SiteSchema } from './site.js';

/**
 * A storage location at a site. Storage-specific columns: disk `host` + `rootPath`; s3 `endpointUrl`,
 * `bucket`, `region`, `credentialsEnv` (the name of an environment variable, never a secret); tape
 * `library` + `rootPath`.
 */
export const DataLocationSchema = defineEntity({
  name: 'DataLocation',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    site: () => p.manyToOne(SiteSchema).ref().deleteRule('restrict'),
    name: p.string().length(255),
    locationType: p.enum(() => LocationType),
    storageType: p.enum(() => StorageType),
    active: p.boolean().default(true),
    priority: p.integer().default(0),
    host: p.string().length(255).nullable(),
    rootPath: p.text().nullable(),
    endpointUrl: p.text().nullable(),
    bucket: p.string().length(255).nullable(),
    region: p.string().length(64).nullable(),
    credentialsEnv: p.string().length(255).nullable(),
    library: p.string().length(255).nullable(),
    /** How many bytes the storage holds when full, if known (for `location usage`: free space, days until full). */
    capacityBytes: p.bigint('number').nullable(),
  },
  uniques: [{ properties: ['site', 'name'] }],
  indexes: [{ properties: ['locationType', 'active'] }],
  checks: [
    {
      name: 'data_location_disk_check',
      expression: "storage_type <> 'disk' or root_path is not null",
    },
    { name: 'data_location_s3_check', expression: "storage_type <> 's3' or bucket is not null" },
    {
      name: 'data_location_tape_check',
      expression: "storage_type <> 'tape' or library is not null",
    },
    { name: 'data_location_capacity_not_negative', expression: 'capacity_bytes >= 0' },
  ],
  triggers: [updatedAtTrigger('data_location'), locationTypeKeptTrigger, locationSiteKeptTrigger, locationRootsTrigger],
});

export type DataLocation = InferEntity<typeof DataLocationSchema>;
