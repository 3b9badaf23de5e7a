import sql, { type Sql } from 'sql-template-tag';
import { StagingStatus } from '../../entities/enums.js';
import { NotFound, UsageError } from '../errors.js';
import { isIntId } from '../validation/ranges.js';
import type { KeysetList } from '../views/keyset.js';
import { locationId } from '../views/names.js';
import { one, rows, type Queryable } from '../views/queryable.js';

export interface StagingJobRow {
  id: number;
  destination: string;
  status: StagingStatus;
  requestedBy: string;
  reason: string | null;
  priority: number;
  packages: number;
  pending: number;
  active: number;
  completed: number;
  failed: number;
  cancelled: number;
  sizeBytes: number;
  bytesTransferred: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface StagingPackageRow {
  package: string;
  origin: string | null;
  status: StagingStatus;
  sizeBytes: number | null;
  bytesTransferred: number;
  /** Percent of the package's bytes staged so far. */
  progress: number | null;
  retryCount: number;
  errorMessage: string | null;
  updatedAt: Date;
}

export interface StagingJobDetail extends StagingJobRow {
  startedAt: Date | null;
  finishedAt: Date | null;
  errorMessage: string | null;
  packageList: StagingPackageRow[];
}

export interface StagingFilter {
  status?: StagingStatus[];
  destination?: string;
  requestedBy?: string;
  since?: Date;
  until?: Date;
}

const JOB_SELECT = sql`
  select j.id, s.short_name || '/' || l.name as destination, j.status, j.requested_by as "requestedBy", j.reason,
         j.priority, k.packages, k.pending, k.active, k.completed, k.failed, k.cancelled,
         k.size_bytes as "sizeBytes", k.bytes_transferred as "bytesTransferred",
         j.created_at as "createdAt", j.updated_at as "updatedAt"
    from staging_job j
    join data_location l on l.id = j.destination_location_id
    join site s on s.id = l.site_id
    cross join lateral (
      select count(*) as packages,
             count(*) filter (where jp.status = 'pending') as pending,
             count(*) filter (where jp.status in ('scheduled', 'in_progress')) as active,
             count(*) filter (where jp.status = 'completed') as completed,
             count(*) filter (where jp.status = 'failed') as failed,
             count(*) filter (where jp.status = 'cancelled') as cancelled,
             coalesce(sum(p.size_bytes), 0) as size_bytes, coalesce(sum(jp.bytes_transferred), 0) as bytes_transferred
        from staging_job_package jp join raw_data_package p on p.id = jp.raw_data_package_id
       where jp.staging_job_id = j.id) k`;

/** Filters → the keyset list of staging jobs, newest first. */
export async function stagingList(db: Queryable, filter: StagingFilter): Promise<KeysetList> {
  const where: Sql[] = [];
  if (filter.status?.length) where.push(sql`j.status = any(${filter.status}::text[])`);
  if (filter.destination !== undefined) {
    where.push(sql`j.destination_location_id = ${await locationId(db, filter.destination, 'destination')}`);
  }
  if (filter.requestedBy !== undefined) where.push(sql`j.requested_by = ${filter.requestedBy}`);
  if (filter.since) where.push(sql`j.created_at >= ${filter.since}`);
  if (filter.until) where.push(sql`j.created_at < ${filter.until}`);
  return {
    noun: 'staging job',
    select: JOB_SELECT,
    where,
    key: ['j.id'],
    sortKey: 'id',
    keyOf: (id) => sql`${id}::bigint`,
    exists: (id) => sql`(select 1 from staging_job where id = ${id}::bigint)`,
    idFormat: 'bigint',
  };
}

/** Exit 2 unless `id` looks like a staging job id. */
export function stagingJobId(id: string): number {
  if (!isIntId(id)) {
    throw new UsageError(`'${id}' is not a staging job id (a number, as in \`staging list\`)`, [
      'copy the id from `ccat-ops staging list`',
    ]);
  }
  return Number(id);
}

/** One staging job with every package's status, bytes and progress; exit 4 when there is none. */
export async function showStagingJob(db: Queryable, id: string): Promise<StagingJobDetail> {
  const jobId = stagingJobId(id);
  const job = await one<
    StagingJobRow & { startedAt: Date | null; finishedAt: Date | null; errorMessage: string | null }
  >(
    db,
    sql`select x.*, j.started_at as "startedAt", j.finished_at as "finishedAt", j.error_message as "errorMessage"
          from (${JOB_SELECT} where j.id = ${jobId}) x join staging_job j on j.id = x.id`,
  );
  if (!job) throw new NotFound(`no staging job ${id}`, ['list them with `ccat-ops staging list`']);
  const packageList = await rows<StagingPackageRow>(
    db,
    sql`select p.name as package, s.short_name || '/' || l.name as origin, jp.status, p.size_bytes as "sizeBytes",
               jp.bytes_transferred as "bytesTransferred",
               case when jp.status = 'completed' then 100
                    when p.size_bytes > 0 then round(100.0 * jp.bytes_transferred / p.size_bytes, 1) end as progress,
               jp.retry_count as "retryCount", jp.error_message as "errorMessage", jp.updated_at as "updatedAt"
          from staging_job_package jp
          join raw_data_package p on p.id = jp.raw_data_package_id
          left join data_location l on l.id = jp.origin_location_id
          left join site s on s.id = l.site_id
         where jp.staging_job_id = ${jobId}
         order by p.name`,
  );
  return { ...job, packageList };
}

export interface CancelResult {
  job: number;
  /** Packages whose pending or scheduled staging was cancelled. */
  cancelled: string[];
  /** Packages being staged right now: reported, not stopped. */
  inProgress: string[];
  /** The job's status afterwards. */
  status: StagingStatus;
}

/**
 * Cancels what has not started (pending or scheduled packages) in one transaction; in-progress
 * packages are left to finish and reported. The job becomes `cancelled` when nothing of it is left
 * to run and nothing completed. Cancelling a job with nothing left to cancel changes nothing.
 */
export async function cancelStagingJob(db: Queryable, id: string, by: string, dryRun = false): Promise<CancelResult> {
  const jobId = stagingJobId(id);
  const job = await one<{ id: number }>(db, sql`select id from staging_job where id = ${jobId}`);
  if (!job) throw new NotFound(`no staging job ${id}`, ['list them with `ccat-ops staging list`']);
  const inProgress = (
    await rows<{ name: string }>(
      db,
      sql`select p.name from staging_job_package jp join raw_data_package p on p.id = jp.raw_data_package_id
           where jp.staging_job_id = ${jobId} and jp.status = 'in_progress' order by p.name`,
    )
  ).map((r) => r.name);
  if (dryRun) {
    const would = await rows<{ name: string }>(
      db,
      sql`select p.name from staging_job_package jp join raw_data_package p on p.id = jp.raw_data_package_id
           where jp.staging_job_id = ${jobId} and jp.status in ('pending', 'scheduled') order by p.name`,
    );
    const [status] = await rows<{ status: StagingStatus }>(db, sql`select status from staging_job where id = ${jobId}`);
    return { job: jobId, cancelled: would.map((r) => r.name), inProgress, status: status.status };
  }
  await db.query('begin');
  try {
    const cancelled = await rows<{ name: string }>(
      db,
      sql`with c as (
            update staging_job_package set status = 'cancelled', error_message = 'cancelled by ' || ${by}, updated_at = now()
             where staging_job_id = ${jobId} and status in ('pending', 'scheduled')
            returning raw_data_package_id)
          select p.name from c join raw_data_package p on p.id = c.raw_data_package_id order by p.name`,
    );
    const [after] = await rows<{ status: StagingStatus }>(
      db,
      sql`update staging_job j set
            status = case
              when exists (select 1 from staging_job_package where staging_job_id = j.id
                             and status in ('pending', 'scheduled', 'in_progress')) then j.status
              when exists (select 1 from staging_job_package where staging_job_id = j.id and status = 'completed')
                then j.status
              else 'cancelled' end,
            error_message = case when ${cancelled.length} > 0 then coalesce(j.error_message, 'cancelled by ' || ${by}) else j.error_message end,
            updated_at = case when ${cancelled.length} > 0 then now() else j.updated_at end
          where j.id = ${jobId}
          returning j.status`,
    );
    await db.query('commit');
    return { job: jobId, cancelled: cancelled.map((c) => c.name), inProgress, status: after.status };
  } catch (err) {
    await db.query('rollback').catch(() => undefined);
    throw err;
  }
}

export type WaitOutcome = 'completed' | 'failed' | 'partial' | 'timeout';

/** Where a job's packages stand: finished when none is pending, scheduled or in progress. */
export async function stagingProgress(
  db: Queryable,
  id: string,
): Promise<{ done: boolean; outcome: Exclude<WaitOutcome, 'timeout'> | null; job: StagingJobRow }> {
  const jobId = stagingJobId(id);
  const job = await one<StagingJobRow>(db, sql`${JOB_SELECT} where j.id = ${jobId}`);
  if (!job) throw new NotFound(`no staging job ${id}`, ['list them with `ccat-ops staging list`']);
  const done = job.pending + job.active === 0;
  if (!done) return { done, outcome: null, job };
  const outcome = job.completed === job.packages ? 'completed' : job.completed === 0 ? 'failed' : 'partial';
  return { done, outcome, job };
}
