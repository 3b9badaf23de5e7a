import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { jobDestinationKeptTrigger } from './staging-destination-triggers.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { destinationTypeTrigger } from './destination-type-trigger.js';
import { lifecycleTimeChecks } from './lifecycle-times.js';
import { DataLocationSchema } from './data-location.js';
import { StagingStatus } from './enums.js';
import { StagingJobPackageSchema } from './staging-job-package.js';

/**
 * Stages raw data packages from a LONG_TERM_ARCHIVE location to a PROCESSING location on request.
 * The packages, each with its own status and origin archive, are StagingJobPackage rows.
 */
export const StagingJobSchema = defineEntity({
  name: 'StagingJob',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    /** The archive to stage from; null lets the stager pick, per package, an archive holding it. */
    originLocation: () => p.manyToOne(DataLocationSchema).ref().nullable().deleteRule('restrict').index(),
    destinationLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict').index(),
    status: p.enum(() => StagingStatus).default(StagingStatus.PENDING),
    requestedBy: p.string().length(255),
    reason: p.text().nullable(),
    priority: p.integer().default(0),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    errorMessage: p.text().nullable(),
    packages: () => p.oneToMany(StagingJobPackageSchema).mappedBy('stagingJob'),
  },
  indexes: [{ properties: ['status', 'createdAt'] }, { properties: ['requestedBy', 'createdAt'] }],
  checks: lifecycleTimeChecks('staging_job'),
  triggers: [
    updatedAtTrigger('staging_job'),
    destinationTypeTrigger({
      table: 'staging_job',
      name: 'staging_job_destination_is_processing',
      what: 'staging job',
      locationType: 'processing',
      hint: 'stage to a processing location (ccat-ops location list --type processing)',
    }),
    jobDestinationKeptTrigger,
  ],
});

export type StagingJob = InferEntity<typeof StagingJobSchema>;
