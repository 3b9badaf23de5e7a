import sql, { type Sql } from 'sql-template-tag';
import type { KeysetList } from '../views/keyset.js';
import { locationId } from '../views/names.js';
import { rows, type Queryable } from '../views/queryable.js';
import { LIVE } from './copy-source.js';
import { RUN_SUMMARY_SELECT, runIdOf } from './audit-summary.js';
import type { FindingKind } from './run-ledger.js';

export interface RunListFilter {
  location?: string;
  mode?: string;
  status?: string[];
}

/** `audit runs`: runs newest first, per location if asked. */
export async function runList(db: Queryable, filter: RunListFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.location !== undefined) where.push(sql`r.data_location_id = ${await locationId(db, filter.location)}`);
  if (filter.mode !== undefined) where.push(sql`r.mode = ${filter.mode}`);
  if (filter.status?.length) where.push(sql`r.status = any(${filter.status}::text[])`);
  return {
    noun: 'audit run',
    select: RUN_SUMMARY_SELECT,
    where,
    key: ['r.id'],
    sortKey: 'id',
    keyOf: (id) => sql`${id}::bigint`,
    exists: (id) => sql`(select 1 from audit_run where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
}

/** How well each disk location's copies are verified: what `audit runs` shows above the runs. */
export interface Coverage {
  location: string;
  copies: number;
  neverVerified: number;
  oldestVerifiedAt: Date | null;
  lastRun: string | null;
  lastRunStatus: string | null;
  lastRunAt: Date | null;
  openFindings: number;
}

export async function verificationCoverage(db: Queryable, location?: string): Promise<Coverage[]> {
  const only = location === undefined ? sql`` : sql`and l.id = ${await locationId(db, location)}`;
  return rows<Coverage>(
    db,
    sql`select s.short_name || '/' || l.name as location,
               (select count(*) from physical_copy c where c.data_location_id = l.id and ${LIVE}) as copies,
               (select count(*) from physical_copy c where c.data_location_id = l.id and c.verified_at is null and ${LIVE})
                 as "neverVerified",
               (select min(c.verified_at) from physical_copy c where c.data_location_id = l.id and ${LIVE})
                 as "oldestVerifiedAt",
               r.id::text as "lastRun", r.status as "lastRunStatus", r.started_at as "lastRunAt",
               (select count(*) from audit_finding f where f.data_location_id = l.id and f.resolved_at is null)
                 as "openFindings"
          from data_location l join site s on s.id = l.site_id
          left join lateral (select id, status, started_at from audit_run where data_location_id = l.id
                             order by started_at desc limit 1) r on true
         where l.storage_type = 'disk' ${only}
         order by s.short_name, l.name`,
  );
}

export interface FindingRow {
  id: number;
  run: number;
  lastRun: number | null;
  location: string;
  kind: FindingKind;
  copy: number | null;
  path: string;
  expected: string | null;
  actual: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
}

export interface FindingFilter {
  location?: string;
  kind?: string[];
  unresolved?: boolean;
  run?: string;
}

/** `audit findings`: newest first. A run's findings are those it found first or saw again. */
export async function findingList(db: Queryable, filter: FindingFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.location !== undefined) where.push(sql`f.data_location_id = ${await locationId(db, filter.location)}`);
  if (filter.kind?.length) where.push(sql`f.kind = any(${filter.kind}::text[])`);
  if (filter.unresolved) where.push(sql`f.resolved_at is null`);
  if (filter.run !== undefined) {
    const run = runIdOf(filter.run, 'run');
    where.push(sql`(f.run_id = ${run}::bigint or f.last_run_id = ${run}::bigint)`);
  }
  return {
    noun: 'finding',
    select: sql`select f.id, f.run_id as run, f.last_run_id as "lastRun", s.short_name || '/' || l.name as location,
                       f.kind, f.physical_copy_id as copy, f.relative_path as path, f.expected, f.actual,
                       f.created_at as "createdAt", f.last_seen_at as "lastSeenAt", f.resolved_at as "resolvedAt",
                       f.resolution
                  from audit_finding f join data_location l on l.id = f.data_location_id join site s on s.id = l.site_id`,
    where,
    key: ['f.id'],
    sortKey: 'id',
    keyOf: (id) => sql`${id}::bigint`,
    exists: (id) => sql`(select 1 from audit_finding where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
}
