import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { packageSealedByCopy } from './package-sealed-trigger.js';
import { DataLocationSchema } from './data-location.js';
import { DELETION_GUARD_TRIGGERS } from './physical-copy-deletion-guard.js';
import { physicalCopyFilePackage } from './physical-copy-file-package.js';
import { copyItemAndLocationFixed } from './physical-copy-fixed-trigger.js';
import { DataTransferPackageSchema } from './data-transfer-package.js';
import { ChecksumAlgorithm, CopyType, PhysicalCopyStatus } from './enums.js';
import { RawDataFileSchema } from './raw-data-file.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { verificationFollowsChecksum } from './copy-verification-trigger.js';

/**
 * What exists where: one copy of a raw data file, raw data package or data transfer package at a
 * location. `copyType` says which item reference is set (exactly one is). `relativePath`, `sizeBytes`
 * and the checksum are set only where they differ from the item's. At most one live (not deleted)
 * copy of an item per location: live means `status` is not `deleted`, and a copy is `deleted` exactly
 * when `deletedAt` is set. `filePackageId` is the package of a file copy's file, kept by the database
 * (physical-copy-file-package.ts): whatever a writer puts there is replaced.
 */
export const PhysicalCopySchema = defineEntity({
  name: 'PhysicalCopy',
  extends: TimestampedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    copyType: p.enum(() => CopyType),
    rawDataFile: () => p.manyToOne(RawDataFileSchema).ref().nullable().deleteRule('restrict'),
    rawDataPackage: () => p.manyToOne(RawDataPackageSchema).ref().nullable().deleteRule('restrict'),
    dataTransferPackage: () => p.manyToOne(DataTransferPackageSchema).ref().nullable().deleteRule('restrict'),
    dataLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    status: p.enum(() => PhysicalCopyStatus).default(PhysicalCopyStatus.PRESENT),
    relativePath: p.text().nullable(),
    sizeBytes: p.bigint('number').nullable(),
    checksum: p.string().length(128).nullable(),
    checksumAlgorithm: p.enum(() => ChecksumAlgorithm).nullable(),
    verifiedAt: p.datetime().nullable(),
    deletedAt: p.datetime().nullable(),
    filePackageId: p.uuid().nullable(),
  },
  // `copy list --location X [--status S]` reads by id within a location; copies not present are
  // few and looked for across locations (deletion_failed…). Audits read a location's copies oldest
  // verification first, and look dark files up by path.
  indexes: [
    { properties: ['dataLocation', 'id'] },
    { properties: ['dataLocation', 'verifiedAt', 'id'] },
    {
      name: 'physical_copy_location_path_index',
      properties: ['dataLocation', 'relativePath'],
      where: 'relative_path is not null',
    },
    { properties: ['dataLocation', 'status', 'id'] },
    { name: 'physical_copy_not_present_index', properties: ['status', 'id'], where: "status <> 'present'" },
    // `location usage`: the live copies a location gained per day over the last days.
    {
      name: 'physical_copy_location_created_live_index',
      properties: ['dataLocation', 'createdAt'],
      where: "status <> 'deleted'",
    },
    // Each item reference is set on one kind of copy only: indexing the others' nulls would make
    // these indexes several times larger for nothing. Every lookup by item (`= x`, including the
    // foreign-key check when an item is deleted) implies `is not null`, so these serve them all;
    // the live unique indexes cannot (they leave out deleted copies).
    {
      name: 'physical_copy_raw_data_file_id_index',
      properties: ['rawDataFile'],
      where: 'raw_data_file_id is not null',
    },
    {
      name: 'physical_copy_raw_data_package_id_index',
      properties: ['rawDataPackage'],
      where: 'raw_data_package_id is not null',
    },
    {
      name: 'physical_copy_data_transfer_package_id_index',
      properties: ['dataTransferPackage'],
      where: 'data_transfer_package_id is not null',
    },
  ],
  // One live copy of an item per location; `status` says whether a copy is live (deleted_at only
  // records when it went), so the partial indexes are keyed on it.
  uniques: [
    {
      name: 'physical_copy_raw_data_file_live_unique',
      properties: ['rawDataFile', 'dataLocation'],
      where: "status <> 'deleted' and raw_data_file_id is not null",
    },
    {
      name: 'physical_copy_raw_data_package_live_unique',
      properties: ['rawDataPackage', 'dataLocation'],
      where: "status <> 'deleted' and raw_data_package_id is not null",
    },
    {
      name: 'physical_copy_data_transfer_package_live_unique',
      properties: ['dataTransferPackage', 'dataLocation'],
      where: "status <> 'deleted' and data_transfer_package_id is not null",
    },
  ],
  triggers: [
    updatedAtTrigger('physical_copy'),
    physicalCopyFilePackage,
    ...DELETION_GUARD_TRIGGERS,
    packageSealedByCopy,
    copyItemAndLocationFixed,
    verificationFollowsChecksum,
  ],
  checks: [
    {
      name: 'physical_copy_item_check',
      expression:
        "(copy_type = 'raw_data_file' and raw_data_file_id is not null" +
        ' and raw_data_package_id is null and data_transfer_package_id is null)' +
        " or (copy_type = 'raw_data_package' and raw_data_package_id is not null" +
        ' and raw_data_file_id is null and data_transfer_package_id is null)' +
        " or (copy_type = 'data_transfer_package' and data_transfer_package_id is not null" +
        ' and raw_data_file_id is null and raw_data_package_id is null)',
    },
    { name: 'physical_copy_size_bytes_check', expression: 'size_bytes >= 0' },
    {
      name: 'physical_copy_checksum_check',
      expression: '(checksum is null) = (checksum_algorithm is null)',
    },
    // Added NOT VALID by the migration (old rows of other writers may break them); see copy-rules.ts.
    { name: 'physical_copy_deleted_iff_deleted_at', expression: "(status = 'deleted') = (deleted_at is not null)" },
    {
      name: 'physical_copy_deletion_possible_only_for_files',
      expression: "status <> 'deletion_possible' or copy_type = 'raw_data_file'",
    },
  ],
});

export type PhysicalCopy = InferEntity<typeof PhysicalCopySchema>;
