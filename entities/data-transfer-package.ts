import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { ChecksumAlgorithm, Status } from './enums.js';
import { bundleVerificationFollowsChecksum } from './copy-verification-trigger.js';

/** A bundle of raw data packages for wide-area transfer. Size and checksum are known once packed. */
export const DataTransferPackageSchema = defineEntity({
  name: 'DataTransferPackage',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    relativePath: p.text().index(),
    sizeBytes: p.bigint('number').nullable(),
    checksum: p.string().length(128).nullable(),
    checksumAlgorithm: p.enum(() => ChecksumAlgorithm).nullable(),
    status: p.enum(() => Status).default(Status.PENDING),
    retryCount: p.integer().default(0),
  },
  indexes: [{ properties: ['status', 'createdAt'] }],
  checks: [
    { name: 'data_transfer_package_size_bytes_check', expression: 'size_bytes >= 0' },
    { name: 'data_transfer_package_retry_count_check', expression: 'retry_count >= 0' },
    {
      name: 'data_transfer_package_checksum_check',
      expression: '(checksum is null) = (checksum_algorithm is null)',
    },
  ],
  triggers: [updatedAtTrigger('data_transfer_package'), bundleVerificationFollowsChecksum],
});

export type DataTransferPackage = InferEntity<typeof DataTransferPackageSchema>;
