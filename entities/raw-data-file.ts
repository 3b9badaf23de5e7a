import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema, uuidPrimaryKey } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { fileInPackageOfItsPair } from './package-files-trigger.js';
import {
  packageFilesFixedOnceSealed,
  packageFilesFixedOnceSealedOnDelete,
  packageFilesFixedOnceSealedOnInsert,
} from './package-sealed-trigger.js';
import { rawDataFilePackageToCopies } from './physical-copy-file-package.js';
import { ChecksumAlgorithm } from './enums.js';
import { ExecutedObsUnitSchema } from './executed-obs-unit.js';
import { InstrumentModuleSchema } from './instrument-module.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { fileVerificationFollowsChecksum } from './copy-verification-trigger.js';

/** One file from one instrument module during one executed obs unit. UUID key: filed while offline. */
export const RawDataFileSchema = defineEntity({
  name: 'RawDataFile',
  extends: TimestampedSchema,
  properties: {
    id: uuidPrimaryKey(),
    executedObsUnit: () => p.manyToOne(ExecutedObsUnitSchema).ref().deleteRule('restrict').index(),
    instrumentModule: () => p.manyToOne(InstrumentModuleSchema).ref().deleteRule('restrict'),
    rawDataPackage: () => p.manyToOne(RawDataPackageSchema).ref().nullable().deleteRule('set null').index(),
    relativePath: p.text().index(),
    sizeBytes: p.bigint('number'),
    checksum: p.string().length(128),
    checksumAlgorithm: p.enum(() => ChecksumAlgorithm),
  },
  // `file list` reads newest first by (created_at, id), overall and per module.
  indexes: [{ properties: ['createdAt', 'id'] }, { properties: ['instrumentModule', 'createdAt', 'id'] }],
  checks: [{ name: 'raw_data_file_size_bytes_check', expression: 'size_bytes >= 0' }],
  triggers: [
    updatedAtTrigger('raw_data_file'),
    fileInPackageOfItsPair,
    packageFilesFixedOnceSealed,
    packageFilesFixedOnceSealedOnInsert,
    packageFilesFixedOnceSealedOnDelete,
    rawDataFilePackageToCopies,
    fileVerificationFollowsChecksum,
  ],
});

export type RawDataFile = InferEntity<typeof RawDataFileSchema>;
