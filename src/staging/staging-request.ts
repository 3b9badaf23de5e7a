import sql from 'sql-template-tag';
import { z } from 'zod';
import { NotFound, UsageError } from '../errors.js';
import { validateInput } from '../registry/validate.js';
import * as fields from '../validation/fields.js';
import { locationId } from '../views/names.js';
import { one, rows, type Queryable } from '../views/queryable.js';
import { andAll, PACKAGE_SCOPE } from './filter-rules.js';
import { selectionConditions, type PackageSelection } from './selection.js';

export interface StagingCandidate {
  id: string;
  name: string;
  sizeBytes: number;
  /** The long-term archive it would come from (`SITE/NAME`), when it has a present copy in one. */
  origin: string | null;
  originId: number | null;
}

export interface StagingPlan {
  destination: string;
  destinationId: number;
  /** Packages this request would stage. */
  stage: StagingCandidate[];
  bytes: number;
  /** Bytes per origin archive. */
  byOrigin: { origin: string; packages: number; bytes: number }[];
  /** Already at the destination (a present or staged copy): nothing to do. */
  present: { name: string }[];
  /** Already in an active staging job for this destination: reused, not added again. */
  staging: { name: string; job: number }[];
  /** Selected but not stageable, with the reason. */
  refused: { name: string; reason: string }[];
}

export interface StagingRequest {
  to: string;
  selection: PackageSelection;
  requestedBy: string;
  reason?: string;
  priority?: number;
}

const RequestFields = z.object({
  requestedBy: fields.name,
  reason: fields.reason.transform((r) => r || undefined).optional(),
  priority: fields.integerIn().optional(),
});

/**
 * The request's own values checked where they enter (exit 2 naming the flag): who asks is a name
 * (one line, not empty), the reason at most a few lines of plain text, the priority an `integer`.
 */
export function checkStagingRequest(request: StagingRequest): StagingRequest {
  const { requestedBy, reason, priority } = request;
  return { ...request, ...validateInput(RequestFields, { requestedBy, reason, priority }) };
}

export interface StagingOutcome extends StagingPlan {
  /** The job created, or null when everything was present or already being staged. */
  job: number | null;
  dryRun: boolean;
}

/**
 * What a staging request would do, read in one statement over the selection: which packages can be
 * staged (archived, with a present copy in an active long-term archive, the preferred one by
 * location priority), which are already at the destination or on their way, and which cannot be.
 */
export async function planStaging(
  db: Queryable,
  request: Pick<StagingRequest, 'to' | 'selection'>,
): Promise<StagingPlan> {
  const destinationId = await locationId(db, request.to, 'to');
  const dest = await one<{ type: string; active: boolean }>(
    db,
    sql`select location_type as type, active from data_location where id = ${destinationId}`,
  );
  if (dest?.type !== 'processing') {
    throw new UsageError(`--to: ${request.to} is a ${dest?.type} location; staging goes to a processing location`, [
      'list them with `ccat-ops location list --type processing`',
    ]);
  }
  const where = await selectionConditions(db, request.selection);
  const found = await rows<{
    id: string;
    name: string;
    state: string;
    sizeBytes: number | null;
    originId: number | null;
    origin: string | null;
    present: boolean;
    job: number | null;
  }>(
    db,
    sql`with selected as materialized (
          select p.id, p.name, p.state, p.size_bytes ${PACKAGE_SCOPE} where ${andAll(where)}),
        present as (
          select distinct d.raw_data_package_id as id from physical_copy d
           where d.data_location_id = ${destinationId} and d.status in ('present', 'staged')
             and d.raw_data_package_id is not null),
        active as (
          select s.raw_data_package_id as id, s.staging_job_id as job from staging_job_package s
           where s.destination_location_id = ${destinationId} and s.status in ('pending', 'scheduled', 'in_progress'))
        select x.id, x.name, x.state, x.size_bytes as "sizeBytes", lta.location_id as "originId", lta.key as origin,
               present.id is not null as present, active.job
          from selected x
          -- one index probe per package: the preferred present copy in an active long-term archive
          left join lateral (
            select c.data_location_id as location_id, st.short_name || '/' || l.name as key
              from physical_copy c
              join data_location l on l.id = c.data_location_id
              join site st on st.id = l.site_id
             where c.raw_data_package_id = x.id and c.status = 'present'
               and l.location_type = 'long_term_archive' and l.active
             order by l.priority, l.id
             limit 1) lta on true
          left join present on present.id = x.id
          left join active on active.id = x.id
         order by x.name`,
  );
  if (found.length === 0) {
    throw new NotFound('no raw data package matches the selection; nothing was requested', [
      'check it with `ccat-ops package list` and the same filters',
    ]);
  }
  const plan: StagingPlan = {
    destination: request.to,
    destinationId,
    stage: [],
    bytes: 0,
    byOrigin: [],
    present: [],
    staging: [],
    refused: [],
  };
  for (const p of found) {
    if (p.present) plan.present.push({ name: p.name });
    else if (p.job !== null) plan.staging.push({ name: p.name, job: p.job });
    else if (p.state !== 'archived') plan.refused.push({ name: p.name, reason: `not archived (state ${p.state})` });
    else if (p.originId === null)
      plan.refused.push({ name: p.name, reason: 'no present copy in an active long-term archive' });
    else
      plan.stage.push({ id: p.id, name: p.name, sizeBytes: p.sizeBytes ?? 0, origin: p.origin, originId: p.originId });
  }
  plan.bytes = plan.stage.reduce((n, p) => n + p.sizeBytes, 0);
  const byOrigin = new Map<string, { origin: string; packages: number; bytes: number }>();
  for (const p of plan.stage) {
    const o = byOrigin.get(p.origin!) ?? { origin: p.origin!, packages: 0, bytes: 0 };
    o.packages += 1;
    o.bytes += p.sizeBytes;
    byOrigin.set(p.origin!, o);
  }
  plan.byOrigin = [...byOrigin.values()].sort((a, b) => a.origin.localeCompare(b.origin));
  return plan;
}

/**
 * Creates the staging job for the plan's packages in one transaction. The partial unique index on
 * active (package, destination) rows is what makes concurrent identical requests safe: a package
 * another request got first is skipped (`on conflict do nothing`, after waiting for that request to
 * commit) and reported as reused. Packages are inserted in id order so racing requests cannot
 * deadlock. When nothing is left to add, no job is created.
 */
export async function applyStaging(db: Queryable, plan: StagingPlan, given: StagingRequest): Promise<StagingOutcome> {
  const request = checkStagingRequest(given);
  if (plan.stage.length === 0) return { ...plan, job: null, dryRun: false };
  await db.query('begin');
  try {
    const job = await one<{ id: number }>(
      db,
      sql`insert into staging_job (destination_location_id, status, requested_by, reason, priority)
          values (${plan.destinationId}, 'pending', ${request.requestedBy}, ${request.reason ?? null}, ${request.priority ?? 0})
          returning id`,
    );
    const added = await rows<{ id: string }>(
      db,
      sql`insert into staging_job_package (staging_job_id, raw_data_package_id, origin_location_id, destination_location_id, status)
          select ${job!.id}, u.id, u.origin, ${plan.destinationId}, 'pending'
            from unnest(${plan.stage.map((p) => p.id)}::uuid[], ${plan.stage.map((p) => p.originId)}::int[]) as u(id, origin)
           order by u.id
          on conflict (raw_data_package_id, destination_location_id) where status in ('pending', 'scheduled', 'in_progress')
          do nothing
          returning raw_data_package_id as id`,
    );
    if (added.length === 0) await db.query('rollback');
    else await db.query('commit');
    const kept = new Set(added.map((a) => a.id));
    const lost = plan.stage.filter((p) => !kept.has(p.id));
    const reused = lost.length
      ? await rows<{ name: string; job: number }>(
          db,
          sql`select p.name, s.staging_job_id as job from staging_job_package s join raw_data_package p on p.id = s.raw_data_package_id
               where s.raw_data_package_id = any(${lost.map((p) => p.id)}::uuid[]) and s.destination_location_id = ${plan.destinationId}
                 and s.status in ('pending', 'scheduled', 'in_progress')`,
        )
      : [];
    const stage = plan.stage.filter((p) => kept.has(p.id));
    return {
      ...plan,
      stage,
      bytes: stage.reduce((n, p) => n + p.sizeBytes, 0),
      staging: [...plan.staging, ...reused].sort((a, b) => a.name.localeCompare(b.name)),
      job: added.length ? job!.id : null,
      dryRun: false,
    };
  } catch (err) {
    await db.query('rollback').catch(() => undefined);
    throw err;
  }
}
