import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CreatedSchema } from './base.js';
import { DataTransferSchema } from './data-transfer.js';

/** A log entry of a transfer; detailed output lives in the file at `logPath`. Append-only. */
export const DataTransferLogSchema = defineEntity({
  name: 'DataTransferLog',
  extends: CreatedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    dataTransfer: () => p.manyToOne(DataTransferSchema).ref().deleteRule('cascade').index(),
    logPath: p.text().nullable(),
    message: p.text(),
  },
});

export type DataTransferLog = InferEntity<typeof DataTransferLogSchema>;
