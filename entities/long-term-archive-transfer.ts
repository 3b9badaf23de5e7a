import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { destinationTypeTrigger } from './destination-type-trigger.js';
import { packageSealedByArchiveTransfer } from './package-sealed-trigger.js';
import { lifecycleTimeChecks } from './lifecycle-times.js';
import { DataLocationSchema } from './data-location.js';
import { Status } from './enums.js';
import { RawDataPackageSchema } from './raw-data-package.js';

/** One raw data package moved from a BUFFER location to a LONG_TERM_ARCHIVE location. */
export const LongTermArchiveTransferSchema = defineEntity({
  name: 'LongTermArchiveTransfer',
  extends: TimestampedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    rawDataPackage: () => p.manyToOne(RawDataPackageSchema).ref().deleteRule('restrict').index(),
    originLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    destinationLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    status: p.enum(() => Status).default(Status.PENDING),
    retryCount: p.integer().default(0),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    errorMessage: p.text().nullable(),
  },
  // As for data transfers: keyset lists by id, partial indexes for the backlog.
  indexes: [
    { properties: ['status', 'id'] },
    { properties: ['originLocation', 'id'] },
    { properties: ['destinationLocation', 'id'] },
    { properties: ['createdAt'] },
    { name: 'long_term_archive_transfer_open_index', properties: ['id'], where: "status <> 'completed'" },
    {
      name: 'long_term_archive_transfer_completed_index',
      properties: ['finishedAt'],
      include: ['originLocation', 'destinationLocation', 'rawDataPackage'],
      where: "status = 'completed'",
    },
  ],
  checks: [
    {
      name: 'long_term_archive_transfer_locations_check',
      expression: 'origin_location_id <> destination_location_id',
    },
    { name: 'long_term_archive_transfer_retry_count_check', expression: 'retry_count >= 0' },
    ...lifecycleTimeChecks('long_term_archive_transfer'),
  ],
  triggers: [
    updatedAtTrigger('long_term_archive_transfer'),
    destinationTypeTrigger({
      table: 'long_term_archive_transfer',
      name: 'long_term_archive_transfer_destination_is_lta',
      what: 'archive transfer',
      locationType: 'long_term_archive',
      hint: 'archive to a long_term_archive location (ccat-ops location list --type long_term_archive)',
    }),
    packageSealedByArchiveTransfer,
  ],
});

export type LongTermArchiveTransfer = InferEntity<typeof LongTermArchiveTransferSchema>;
