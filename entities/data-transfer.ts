import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { DataLocationSchema } from './data-location.js';
import { DataTransferPackageSchema } from './data-transfer-package.js';
import { DataTransferRouteSchema } from './data-transfer-route.js';
import { Status } from './enums.js';

/**
 * One transfer of a data transfer package from an origin location to a destination location.
 * Unpacking at the destination is tracked and retried separately (`unpackStatus`).
 */
export const DataTransferSchema = defineEntity({
  name: 'DataTransfer',
  extends: TimestampedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    dataTransferPackage: () => p.manyToOne(DataTransferPackageSchema).ref().deleteRule('restrict').index(),
    originLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    destinationLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    route: () => p.manyToOne(DataTransferRouteSchema).ref().nullable().deleteRule('restrict'),
    status: p.enum(() => Status).default(Status.PENDING),
    unpackStatus: p.enum(() => Status).default(Status.PENDING),
    retryCount: p.integer().default(0),
    unpackRetryCount: p.integer().default(0),
    bytesTransferred: p.bigint('number').default(0),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    errorMessage: p.text().nullable(),
  },
  // Lists read newest first by id (keyset), so each filter's index ends in id; the partial indexes
  // keep the backlog's reads small however many completed transfers there are.
  indexes: [
    { properties: ['status', 'id'] },
    { properties: ['route', 'id'] },
    { properties: ['originLocation', 'id'] },
    { properties: ['destinationLocation', 'id'] },
    { properties: ['createdAt'] },
    { properties: ['unpackStatus', 'createdAt'] },
    { name: 'data_transfer_open_index', properties: ['id'], where: "status <> 'completed'" },
    {
      name: 'data_transfer_completed_index',
      properties: ['finishedAt'],
      include: ['route', 'destinationLocation', 'bytesTransferred'],
      where: "status = 'completed'",
    },
  ],
  checks: [
    {
      name: 'data_transfer_locations_check',
      expression: 'origin_location_id <> destination_location_id',
    },
    {
      name: 'data_transfer_counts_check',
      expression: 'retry_count >= 0 and unpack_retry_count >= 0 and bytes_transferred >= 0',
    },
  ],
});

export type DataTransfer = InferEntity<typeof DataTransferSchema>;
