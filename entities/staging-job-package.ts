import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { Status } from './enums.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { StagingJobSchema } from './staging-job.js';

/** One raw data package of a staging job, with its own status (the job ↔ package join). */
export const StagingJobPackageSchema = defineEntity({
  name: 'StagingJobPackage',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    stagingJob: () => p.manyToOne(StagingJobSchema).ref().deleteRule('cascade').index(),
    rawDataPackage: () => p.manyToOne(RawDataPackageSchema).ref().deleteRule('restrict').index(),
    status: p.enum(() => Status).default(Status.PENDING),
    retryCount: p.integer().default(0),
    errorMessage: p.text().nullable(),
  },
  uniques: [{ properties: ['stagingJob', 'rawDataPackage'] }],
  indexes: [{ properties: ['status', 'createdAt'] }],
  checks: [{ name: 'staging_job_package_retry_count_check', expression: 'retry_count >= 0' }],
});

export type StagingJobPackage = InferEntity<typeof StagingJobPackageSchema>;
