import sql from 'sql-template-tag';
import { isBigintId } from '../validation/ranges.js';
import { NotFound, UsageError } from '../errors.js';
import { one, type Queryable } from '../views/queryable.js';
import type { FindingKind } from './run-ledger.js';

/** An audit run as commands show it and `--json` prints it. */
export interface RunSummary {
  run: string;
  /** `SITE/NAME`. */
  location: string;
  mode: string;
  status: string;
  /** Why it paused (`budget`, `interrupted`) or was aborted; null otherwise. */
  stopReason: string | null;
  params: Record<string, unknown>;
  host: string | null;
  pid: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
  planned: number | null;
  checked: number;
  bytes: number;
  ok: number;
  findings: Record<FindingKind, number>;
}

export const RUN_SUMMARY_SELECT = sql`
  select r.id, s.short_name || '/' || l.name as location, r.mode, r.status, r.stop_reason as "stopReason",
         r.params, r.host, r.pid, r.started_at as "startedAt", r.finished_at as "finishedAt",
         r.heartbeat_at as "heartbeatAt", r.planned, r.checked, r.bytes, r.ok, r.missing,
         r.size_mismatch, r.checksum_mismatch, r.dark, r.unreadable, r.unknown_algorithm,
         r.outside_root
    from audit_run r join data_location l on l.id = r.data_location_id join site s on s.id = l.site_id`;

export type SummaryRow = Omit<RunSummary, 'run' | 'findings'> & { id: number } & Record<FindingKind, number>;

export function toSummary(row: SummaryRow): RunSummary {
  const { id, missing, size_mismatch, checksum_mismatch, dark, unreadable, unknown_algorithm, outside_root, ...rest } =
    row;
  const findings = { missing, size_mismatch, checksum_mismatch, dark, unreadable, unknown_algorithm, outside_root };
  return { run: String(id), ...rest, findings };
}

/** An audit run id as typed (`audit show RUN`, `--run`): exit 2 unless it is a number. */
export function runIdOf(value: string, flag?: string): string {
  if (!isBigintId(value)) {
    throw new UsageError(`${flag ? `--${flag}: ` : ''}'${value}' is not an audit run id (a number)`, [
      'copy the id from `ccat-ops audit runs`',
    ]);
  }
  return value;
}

/** `audit show RUN`: exit 2 unless RUN is a number, 4 unless it exists. */
export async function runSummary(db: Queryable, value: string): Promise<RunSummary> {
  const id = runIdOf(value);
  const row = await one<SummaryRow>(db, sql`${RUN_SUMMARY_SELECT} where r.id = ${id}::bigint`);
  if (!row) throw new NotFound(`no audit run ${id}`, ['list them with `ccat-ops audit runs`']);
  return toSummary(row);
}

/** The findings that count towards exit 3 (`--fail-on`), out of the run's totals. */
export function failing(summary: RunSummary, failOn: readonly FindingKind[]): number {
  return failOn.reduce((n, kind) => n + summary.findings[kind], 0);
}
