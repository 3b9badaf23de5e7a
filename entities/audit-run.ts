import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { DataLocationSchema } from './data-location.js';
import { AuditMode, AuditRunStatus } from './enums.js';

/**
 * One audit of one location: which process runs it (`host`, `pid`, `heartbeatAt`), running counters,
 * and `cursor`, where the next batch of work starts; an interrupted run resumes from its batches.
 */
export const AuditRunSchema = defineEntity({
  name: 'AuditRun',
  extends: TimestampedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    dataLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    mode: p.enum(() => AuditMode),
    status: p.enum(() => AuditRunStatus).default(AuditRunStatus.RUNNING),
    host: p.string().length(255).nullable(),
    pid: p.integer().nullable(),
    heartbeatAt: p.datetime().nullable(),
    params: p.json<Record<string, unknown>>().defaultRaw(`'{}'::jsonb`),
    checked: p.bigint('number').default(0),
    bytes: p.bigint('number').default(0),
    ok: p.bigint('number').default(0),
    missing: p.bigint('number').default(0),
    sizeMismatch: p.bigint('number').default(0),
    checksumMismatch: p.bigint('number').default(0),
    dark: p.bigint('number').default(0),
    unreadable: p.bigint('number').default(0),
    unknownAlgorithm: p.bigint('number').default(0),
    outsideRoot: p.bigint('number').default(0),
    /** How many copies the run means to check (all live copies, or the sample), counted at its start. */
    planned: p.bigint('number').nullable(),
    /** How many copies have been handed out in batches so far. */
    allocated: p.bigint('number').default(0),
    /** Every copy the run means to check has been handed out. */
    allocatedAll: p.boolean().default(false),
    /** The resume cursor: the key of the last copy handed out in a batch. */
    cursor: p.text().nullable(),
    /** Why a run ended before checking everything (`budget`), or why it failed or was aborted. */
    stopReason: p.text().nullable(),
    startedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['dataLocation', 'startedAt'] }, { properties: ['status', 'heartbeatAt'] }],
  triggers: [updatedAtTrigger('audit_run')],
});

export type AuditRun = InferEntity<typeof AuditRunSchema>;
