import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { DataLocationSchema } from './data-location.js';
import { AuditMode, AuditRunStatus } from './enums.js';

/**
 * One audit of one location: which process runs it (`host`, `pid`, `heartbeatAt`), running counters,
 * and `cursor`, where an interrupted run resumes.
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
    /** The resume cursor (opaque to the database). */
    cursor: p.text().nullable(),
    startedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['dataLocation', 'startedAt'] }, { properties: ['status', 'heartbeatAt'] }],
});

export type AuditRun = InferEntity<typeof AuditRunSchema>;
