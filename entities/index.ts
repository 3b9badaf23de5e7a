import { DeletionBlockers, VerifiedInLta } from './physical-copy-deletion-guard.js';
import type { EntitySchema } from '@mikro-orm/core';
import { ApiTokenSchema } from './api-token.js';
import { AuditBatchSchema } from './audit-batch.js';
import { AuditFindingSchema } from './audit-finding.js';
import { AuditRunSchema } from './audit-run.js';
import { DataLocationSchema } from './data-location.js';
import { DataTransferLogSchema } from './data-transfer-log.js';
import { DataTransferPackageSchema } from './data-transfer-package.js';
import { DataTransferRouteSchema } from './data-transfer-route.js';
import { DataTransferSchema } from './data-transfer.js';
import { ExecutedObsUnitSchema } from './executed-obs-unit.js';
import { InstrumentModuleConfigurationSchema } from './instrument-module-configuration.js';
import { InstrumentModuleSchema } from './instrument-module.js';
import { InstrumentSchema } from './instrument.js';
import { LongTermArchiveTransferSchema } from './long-term-archive-transfer.js';
import { ObsModeSchema } from './obs-mode.js';
import { ObsUnitSchema } from './obs-unit.js';
import { ObservatorySchema } from './observatory.js';
import { ObservingProgramSchema } from './observing-program.js';
import { PermissionSchema } from './permission.js';
import { PhysicalCopySchema } from './physical-copy.js';
import { RawDataFileSchema } from './raw-data-file.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { RoleSchema } from './role.js';
import { SiteSchema } from './site.js';
import { SourceSchema } from './source.js';
import { StagingJobPackageSchema } from './staging-job-package.js';
import { StagingJobSchema } from './staging-job.js';
import { SubObservingProgramSchema } from './sub-observing-program.js';
import { TelescopeSchema } from './telescope.js';
import { UserSchema } from './user.js';
import { UserRoleSchema } from './user-role.js';
import { RolePermissionSchema } from './role-permission.js';
import { ObsUnitConfigurationSchema } from './obs-unit-configuration.js';
import { ObservationConfigurationSchema } from './observation-configuration.js';
import { ChaiModuleConfigurationSchema } from './chai-module-configuration.js';
import { ChaiInparParameterSchema } from './chai-inpar-parameter.js';
import { ChaiTilingSchema } from './chai-tiling.js';
import {
  ChaiObservationConfigurationSchema,
  ChaiObservationModuleConfigurationSchema,
} from './chai-observation-configuration.js';
import { RawDataPackageMetadataSchema } from './raw-data-package-metadata.js';
import { DataGroupingPackageSchema, DataGroupingSchema } from './data-grouping.js';

export * from './enums.js';
export * from './observatory.js';
export * from './telescope.js';
export * from './instrument.js';
export * from './instrument-module.js';
export * from './instrument-module-configuration.js';
export * from './observing-program.js';
export * from './sub-observing-program.js';
export * from './source.js';
export * from './obs-mode.js';
export * from './obs-unit.js';
export * from './observation-configuration.js';
export * from './chai-module-configuration.js';
export * from './chai-inpar-parameter.js';
export * from './chai-tiling.js';
export * from './chai-observation-configuration.js';
export * from './executed-obs-unit.js';
export * from './data-transfer-package.js';
export * from './raw-data-package.js';
export * from './raw-data-file.js';
export * from './raw-data-package-metadata.js';
export * from './data-grouping.js';
export * from './site.js';
export * from './data-location.js';
export * from './data-transfer-route.js';
export * from './data-transfer.js';
export * from './data-transfer-log.js';
export * from './long-term-archive-transfer.js';
export * from './staging-job.js';
export * from './staging-job-package.js';
export * from './physical-copy.js';
export * from './permission.js';
export * from './role.js';
export * from './user.js';
export * from './user-role.js';
export * from './role-permission.js';
export * from './obs-unit-configuration.js';
export * from './api-token.js';
export * from './audit-run.js';
export * from './audit-finding.js';
export * from './audit-batch.js';

/**
 * Every entity of the ops-db, in dependency order; what the ORM is configured with. Annotated: the
 * inferred tuple type is too long for the declaration emitter (TS7056).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const entities: EntitySchema<any, any>[] = [
  // 5.1 observatory hierarchy
  ObservatorySchema,
  TelescopeSchema,
  InstrumentSchema,
  InstrumentModuleSchema,
  InstrumentModuleConfigurationSchema,
  // 5.2 planning
  ObservingProgramSchema,
  SubObservingProgramSchema,
  SourceSchema,
  ObsModeSchema,
  ObservationConfigurationSchema,
  ChaiModuleConfigurationSchema,
  ChaiInparParameterSchema,
  ChaiTilingSchema,
  ChaiObservationConfigurationSchema,
  ChaiObservationModuleConfigurationSchema,
  ObsUnitSchema,
  // 5.3 execution and data
  ExecutedObsUnitSchema,
  DataTransferPackageSchema,
  RawDataPackageSchema,
  RawDataFileSchema,
  RawDataPackageMetadataSchema,
  DataGroupingSchema,
  DataGroupingPackageSchema,
  // 5.4 sites, locations, routes
  SiteSchema,
  DataLocationSchema,
  DataTransferRouteSchema,
  // 5.5 movement
  DataTransferSchema,
  DataTransferLogSchema,
  LongTermArchiveTransferSchema,
  StagingJobSchema,
  StagingJobPackageSchema,
  // 5.6 physical copies
  PhysicalCopySchema,
  // 5.7 access control
  PermissionSchema,
  RoleSchema,
  UserSchema,
  UserRoleSchema,
  RolePermissionSchema,
  ObsUnitConfigurationSchema,
  ApiTokenSchema,
  // 5.8 audit
  AuditRunSchema,
  AuditFindingSchema,
  AuditBatchSchema,
];

/** Stored functions that are not trigger functions (those come with their triggers). */
export const routines = [VerifiedInLta, DeletionBlockers];
