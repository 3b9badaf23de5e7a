import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { destinationTypeTrigger } from './destination-type-trigger.js';
import { packageGoesWhereItsJobGoesTrigger } from './staging-destination-triggers.js';
import { lifecycleTimeChecks } from './lifecycle-times.js';
import { DataLocationSchema } from './data-location.js';
import { StagingStatus } from './enums.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { StagingJobSchema } from './staging-job.js';

/**
 * One raw data package of a staging job, with its own status, origin archive and progress. The
 * destination is repeated from the job (and kept equal to it by a trigger) so that the database itself
 * guarantees at most one active (pending, scheduled, in progress) staging of a package to a location,
 * however many requests race.
 */
export const StagingJobPackageSchema = defineEntity({
  name: 'StagingJobPackage',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    // Looked up by job through the unique (staging_job_id, raw_data_package_id).
    stagingJob: () => p.manyToOne(StagingJobSchema).ref().deleteRule('cascade'),
    // A full index although the active unique index starts with the package: that one is partial,
    // so it serves neither the foreign-key check when a package is deleted nor lookups of finished
    // stagings of a package.
    rawDataPackage: () => p.manyToOne(RawDataPackageSchema).ref().deleteRule('restrict').index(),
    // No index on either location: only deleting a location, which no command does, looks rows up
    // by them (test/db/indexes.test.ts lists the foreign keys left without an index on purpose).
    /** The long-term archive it is staged from, chosen at request time. */
    originLocation: () => p.manyToOne(DataLocationSchema).ref().nullable().deleteRule('restrict'),
    destinationLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    status: p.enum(() => StagingStatus).default(StagingStatus.PENDING),
    bytesTransferred: p.bigint('number').default(0),
    retryCount: p.integer().default(0),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    errorMessage: p.text().nullable(),
  },
  uniques: [
    { properties: ['stagingJob', 'rawDataPackage'] },
    {
      name: 'staging_job_package_active_unique',
      properties: ['rawDataPackage', 'destinationLocation'],
      where: "status in ('pending', 'scheduled', 'in_progress')",
    },
  ],
  indexes: [{ properties: ['status', 'createdAt'] }],
  checks: [
    {
      name: 'staging_job_package_counts_check',
      expression: 'retry_count >= 0 and bytes_transferred >= 0',
    },
    ...lifecycleTimeChecks('staging_job_package'),
  ],
  triggers: [
    updatedAtTrigger('staging_job_package'),
    destinationTypeTrigger({
      table: 'staging_job_package',
      name: 'staging_job_package_destination_is_processing',
      what: 'staging job package',
      locationType: 'processing',
      hint: 'stage to a processing location (ccat-ops location list --type processing)',
    }),
    packageGoesWhereItsJobGoesTrigger,
  ],
});

export type StagingJobPackage = InferEntity<typeof StagingJobPackageSchema>;
