import sql from 'sql-template-tag';
import { ExecutedObsUnitStatus } from '../../entities/enums.js';
import { Conflict, UsageError } from '../errors.js';
import { isUuid, obsUnitId } from '../views/names.js';
import { one, type Queryable } from '../views/queryable.js';
import { resolveId } from '../views/short-id.js';

/** The statuses that end an execution (`running` is the one before them). */
export const ENDING_STATUSES = [
  ExecutedObsUnitStatus.COMPLETED,
  ExecutedObsUnitStatus.FAILED,
  ExecutedObsUnitStatus.ABORTED,
] as const;

export type EndingStatus = (typeof ENDING_STATUSES)[number];

/** One executed obs unit as a write leaves it. */
export interface ExecutionView {
  id: string;
  obsUnit: string;
  status: ExecutedObsUnitStatus;
  startTime: Date;
  endTime: Date | null;
  conditions: Record<string, unknown> | null;
  /** `created`, `updated` (finished now), or `unchanged` (the same write had already happened). */
  outcome: 'created' | 'updated' | 'unchanged';
}

export interface NewExecution {
  obsUnit: string;
  /** Default: now. */
  startTime?: Date;
  conditions?: Record<string, unknown>;
  /** The id the instrument chose (a UUID); default: a new one. */
  id?: string;
}

export interface FinishedExecution {
  obsUnit: string;
  status: string;
  startTime: Date;
  endTime: Date;
  conditions?: Record<string, unknown>;
  id?: string;
}

export interface Finish {
  /** The execution's id or a unique prefix of it. */
  id: string;
  status: string;
  /** Default: now. */
  endTime?: Date;
}

type Row = Omit<ExecutionView, 'outcome'>;

const COLUMNS = sql`e.id::text as id, o.name as "obsUnit", e.status, e.start_time as "startTime",
                    e.end_time as "endTime", e.conditions`;

/** Exit 2 unless `status` ends an execution. */
export function endingStatus(status: string): EndingStatus {
  if ((ENDING_STATUSES as readonly string[]).includes(status)) return status as EndingStatus;
  const why = status === ExecutedObsUnitStatus.RUNNING ? 'does not end an execution' : 'is not a status';
  throw new UsageError(`--status: '${status}' ${why}; use one of ${ENDING_STATUSES.join(', ')}`);
}

/** How far ahead of this machine's clock a time may be (another host's clock may run ahead). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Exit 2 for a start or end in the future: it records what has happened, so a time ahead of now
 * is a typo (2062 for 2026) that would stand in the record and in every time range after it.
 */
function notInFuture(time: Date | null | undefined, flag: string, now = new Date()): void {
  if (time && time.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new UsageError(
      `--${flag}: ${time.toISOString()} is in the future (now is ${now.toISOString()}); give when it happened, e.g. 2026-11-30T22:14Z or 10m ago`,
    );
  }
}

/** `executed start`: a running execution of the obs unit. */
export async function startExecution(db: Queryable, input: NewExecution): Promise<ExecutionView> {
  notInFuture(input.startTime, 'start-time');
  return insertExecution(db, {
    obsUnit: input.obsUnit,
    status: ExecutedObsUnitStatus.RUNNING,
    startTime: input.startTime,
    endTime: null,
    conditions: input.conditions,
    id: input.id,
  });
}

/** `executed add`: one that has already ended, all values at once (back-filling). */
export async function addExecution(db: Queryable, input: FinishedExecution): Promise<ExecutionView> {
  const status = endingStatus(input.status);
  notInFuture(input.startTime, 'start-time');
  notInFuture(input.endTime, 'end-time');
  if (input.endTime < input.startTime) throw endsBeforeStart(input.endTime, input.startTime, '--start-time');
  return insertExecution(db, { ...input, status });
}

/**
 * `executed finish`: a running execution ends with `status` at `endTime`. One guarded UPDATE, so
 * two finishes of the same execution cannot both win; finishing it again the same way changes
 * nothing (exit 0), finishing it differently is exit 1.
 */
export async function finishExecution(db: Queryable, input: Finish): Promise<ExecutionView> {
  const status = endingStatus(input.status);
  notInFuture(input.endTime, 'end-time');
  const id = await resolveId(db, 'executed', input.id);
  const end = input.endTime ?? null;
  const finished = await one<Row>(
    db,
    sql`with e as (
          update executed_obs_unit set status = ${status}, end_time = coalesce(${end}::timestamptz, now()), updated_at = now()
           where id = ${id}::uuid and status = 'running' and coalesce(${end}::timestamptz, now()) >= start_time
          returning *)
        select ${COLUMNS} from e join obs_unit o on o.id = e.obs_unit_id`,
  );
  if (finished) return { ...finished, outcome: 'updated' };
  const now = (await one<Row>(
    db,
    sql`select ${COLUMNS} from executed_obs_unit e join obs_unit o on o.id = e.obs_unit_id where e.id = ${id}::uuid`,
  ))!;
  if (now.status === ExecutedObsUnitStatus.RUNNING) throw endsBeforeStart(end ?? new Date(), now.startTime);
  if (now.status === status && (end === null || end.getTime() === now.endTime?.getTime())) {
    return { ...now, outcome: 'unchanged' };
  }
  throw new Conflict(
    `executed obs unit ${id} has already ended: ${now.status} at ${now.endTime?.toISOString() ?? '(no end time)'}; nothing changed`,
    [`see it with \`ccat-ops executed show ${id.slice(0, 8)}\``],
  );
}

function endsBeforeStart(end: Date, start: Date, startLabel = "the execution's start"): UsageError {
  return new UsageError(
    `--end-time ${end.toISOString()} is before ${startLabel} ${start.toISOString()}; give an end time at or after the start`,
  );
}

/**
 * Inserts one execution; with an id that exists already, the same values again are a no-op
 * (`unchanged`) and different ones exit 1.
 */
async function insertExecution(
  db: Queryable,
  input: Omit<FinishedExecution, 'status' | 'endTime' | 'startTime'> & {
    status: ExecutedObsUnitStatus;
    startTime?: Date;
    endTime: Date | null;
  },
): Promise<ExecutionView> {
  if (input.id !== undefined && !isUuid(input.id)) {
    throw new UsageError(`--id: '${input.id}' is not a UUID; leave --id out to get a new one`);
  }
  const obsUnit = await obsUnitId(db, input.obsUnit);
  const id = input.id?.toLowerCase() ?? null;
  const conditions = input.conditions === undefined ? null : JSON.stringify(input.conditions);
  const created = await one<Row>(
    db,
    sql`with e as (
          insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time, conditions)
          values (coalesce(${id}::uuid, gen_random_uuid()), ${obsUnit}, ${input.status},
                  coalesce(${input.startTime ?? null}::timestamptz, now()), ${input.endTime}::timestamptz, ${conditions}::jsonb)
          on conflict (id) do nothing
          returning *)
        select ${COLUMNS} from e join obs_unit o on o.id = e.obs_unit_id`,
  );
  if (created) return { ...created, outcome: 'created' };
  const found = (await one<Row & { same: boolean }>(
    db,
    sql`select ${COLUMNS},
               e.obs_unit_id = ${obsUnit} and e.status = ${input.status}
               and (${input.startTime ?? null}::timestamptz is null or e.start_time = ${input.startTime ?? null}::timestamptz)
               and e.end_time is not distinct from ${input.endTime}::timestamptz
               and (${conditions}::jsonb is null or e.conditions = ${conditions}::jsonb) as same
          from executed_obs_unit e join obs_unit o on o.id = e.obs_unit_id where e.id = ${id}::uuid`,
  ))!;
  const { same, ...row } = found;
  if (same) return { ...row, outcome: 'unchanged' };
  throw new Conflict(
    `executed obs unit ${id} exists with other values (${row.obsUnit}, ${row.status}, started ${row.startTime.toISOString()}); nothing changed`,
    [`see it with \`ccat-ops executed show ${id}\``],
  );
}
