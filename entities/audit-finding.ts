import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AUDIT_FINDING_LOCK_TRIGGERS, auditFindingKeptWhileOpen } from './audit-finding-lock-trigger.js';
import { AuditRunSchema } from './audit-run.js';
import { CreatedSchema } from './base.js';
import { DataLocationSchema } from './data-location.js';
import { AuditFindingKind } from './enums.js';
import { PhysicalCopySchema } from './physical-copy.js';

/**
 * A problem an audit found. `physicalCopy` is null for dark files (on storage, not in the db). One
 * open finding per problem: `run` found it first, `lastRun` saw it last; it is resolved when a later
 * audit finds the copy fine (or the dark file accounted for or gone), or when `--mark-missing` or
 * `file register` settles it (`resolution` says which).
 */
export const AuditFindingSchema = defineEntity({
  name: 'AuditFinding',
  extends: CreatedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    run: () => p.manyToOne(AuditRunSchema).ref().deleteRule('cascade'),
    lastRun: () => p.manyToOne(AuditRunSchema).ref().nullable().deleteRule('set null').index(),
    dataLocation: () => p.manyToOne(DataLocationSchema).ref().deleteRule('restrict'),
    kind: p.enum(() => AuditFindingKind),
    physicalCopy: () => p.manyToOne(PhysicalCopySchema).ref().nullable().deleteRule('set null').index(),
    relativePath: p.text(),
    expected: p.text().nullable(),
    actual: p.text().nullable(),
    lastSeenAt: p.datetime().defaultRaw('now()'),
    resolvedAt: p.datetime().nullable(),
    resolution: p.string().length(64).nullable(),
  },
  indexes: [{ properties: ['run', 'kind'] }, { properties: ['dataLocation', 'id'] }],
  uniques: [
    {
      name: 'audit_finding_open_copy_unique',
      properties: ['physicalCopy', 'kind'],
      where: "resolved_at is null and kind <> 'dark'",
    },
    {
      name: 'audit_finding_open_dark_unique',
      properties: ['dataLocation', 'relativePath'],
      where: "resolved_at is null and kind = 'dark'",
    },
  ],
  triggers: [...AUDIT_FINDING_LOCK_TRIGGERS, auditFindingKeptWhileOpen],
});

export type AuditFinding = InferEntity<typeof AuditFindingSchema>;
