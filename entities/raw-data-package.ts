import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema, uuidPrimaryKey } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { packagePairKept } from './package-files-trigger.js';
import { packageSealedForGood } from './package-sealed-trigger.js';
import { DataTransferPackageSchema } from './data-transfer-package.js';
import { ChecksumAlgorithm, PackageState, Status } from './enums.js';
import { ExecutedObsUnitSchema } from './executed-obs-unit.js';
import { InstrumentModuleSchema } from './instrument-module.js';
import { packageVerificationFollowsChecksum } from './copy-verification-trigger.js';

/**
 * A tar of the files of one (executed obs unit, instrument module), typically up to 50 GB.
 * UUID key: packed at the telescope, possibly while offline.
 */
export const RawDataPackageSchema = defineEntity({
  name: 'RawDataPackage',
  extends: TimestampedSchema,
  properties: {
    id: uuidPrimaryKey(),
    name: p.string().length(255).unique(),
    executedObsUnit: () => p.manyToOne(ExecutedObsUnitSchema).ref().deleteRule('restrict').index(),
    instrumentModule: () => p.manyToOne(InstrumentModuleSchema).ref().deleteRule('restrict'),
    relativePath: p.text().index(),
    sizeBytes: p.bigint('number').nullable(),
    checksum: p.string().length(128).nullable(),
    checksumAlgorithm: p.enum(() => ChecksumAlgorithm).nullable(),
    status: p.enum(() => Status).default(Status.PENDING),
    state: p.enum(() => PackageState).default(PackageState.WAITING),
    retryCount: p.integer().default(0),
    metadata: p.json<Record<string, unknown>>().nullable(),
    archivedAt: p.datetime().nullable(),
    /** When the package was first sealed; set by the database, never cleared (entities/package-sealed-trigger.ts). */
    sealedAt: p.datetime().nullable(),
    dataTransferPackage: () => p.manyToOne(DataTransferPackageSchema).ref().nullable().deleteRule('set null').index(),
  },
  // `package list` reads newest first by (created_at, id), overall and per module.
  indexes: [
    { properties: ['createdAt', 'id'] },
    { properties: ['instrumentModule', 'createdAt', 'id'] },
    { properties: ['status', 'createdAt'] },
    { properties: ['state', 'createdAt'] },
  ],
  checks: [
    { name: 'raw_data_package_size_bytes_check', expression: 'size_bytes >= 0' },
    { name: 'raw_data_package_retry_count_check', expression: 'retry_count >= 0' },
    {
      name: 'raw_data_package_checksum_check',
      expression: '(checksum is null) = (checksum_algorithm is null)',
    },
    // DESIGN §6: a package becomes archived at a time, and says when.
    { name: 'raw_data_package_archived_has_archived_at', expression: "state <> 'archived' or archived_at is not null" },
  ],
  triggers: [
    updatedAtTrigger('raw_data_package'),
    packagePairKept,
    packageSealedForGood,
    packageVerificationFollowsChecksum,
  ],
});

export type RawDataPackage = InferEntity<typeof RawDataPackageSchema>;
