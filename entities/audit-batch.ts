import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AuditRunSchema } from './audit-run.js';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { AuditBatchKind, AuditBatchStatus } from './enums.js';

/**
 * Work of an audit run not yet recorded: a list of copies to check, or the dark-file walk with its
 * cursor. Workers claim batches with `FOR UPDATE SKIP LOCKED` and keep `heartbeatAt` fresh; a batch
 * whose worker stopped beating is taken over. A batch is deleted in the transaction that records
 * its results, so what is here is exactly what is left.
 */
export const AuditBatchSchema = defineEntity({
  name: 'AuditBatch',
  extends: TimestampedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    run: () => p.manyToOne(AuditRunSchema).ref().deleteRule('cascade'),
    kind: p.enum(() => AuditBatchKind),
    status: p.enum(() => AuditBatchStatus).default(AuditBatchStatus.PENDING),
    copyIds: p.array<string>().columnType('bigint[]').nullable(),
    /** For the dark walk and the sweep: the last path recorded. */
    cursor: p.text().nullable(),
    worker: p.string().length(255).nullable(),
    heartbeatAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['run', 'status'] }],
  triggers: [updatedAtTrigger('audit_batch')],
});

export type AuditBatch = InferEntity<typeof AuditBatchSchema>;
