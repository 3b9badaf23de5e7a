import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AuditRunSchema } from './audit-run.js';
import { CreatedSchema } from './base.js';
import { AuditFindingKind } from './enums.js';
import { PhysicalCopySchema } from './physical-copy.js';

/** A problem an audit run found. `physicalCopy` is null for dark files (on storage, not in the db). */
export const AuditFindingSchema = defineEntity({
  name: 'AuditFinding',
  extends: CreatedSchema,
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    run: () => p.manyToOne(AuditRunSchema).ref().deleteRule('cascade'),
    kind: p.enum(() => AuditFindingKind),
    physicalCopy: () => p.manyToOne(PhysicalCopySchema).ref().nullable().deleteRule('set null').index(),
    relativePath: p.text(),
    expected: p.text().nullable(),
    actual: p.text().nullable(),
    resolvedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['run', 'kind'] }],
});

export type AuditFinding = InferEntity<typeof AuditFindingSchema>;
