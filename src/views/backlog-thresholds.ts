import { formatDuration } from './time-input.js';
import type { BacklogRow, BacklogTotals } from './backlog.js';

export interface BacklogThresholds {
  /** Breached when the oldest waiting item is older than this (ms). */
  olderThanMs?: number;
  /** Breached when more than this many items have failed. */
  failed?: number;
}

/** What breaches the thresholds, one sentence each (empty when nothing does). */
export function backlogBreaches(
  report: { rows: BacklogRow[]; totals: BacklogTotals },
  limits: BacklogThresholds,
  noun = 'transfer',
): string[] {
  const breaches: string[] = [];
  if (limits.olderThanMs !== undefined) {
    const late = report.rows.filter(
      (r) => r.oldestWaitingSeconds !== null && r.oldestWaitingSeconds * 1000 > limits.olderThanMs!,
    );
    for (const r of late) {
      breaches.push(
        `${r.from ?? '(no route)'} → ${r.destination}: the oldest waiting ${noun} is ${formatDuration(r.oldestWaitingSeconds! * 1000)} old (limit ${formatDuration(limits.olderThanMs)})`,
      );
    }
  }
  if (limits.failed !== undefined && report.totals.failed > limits.failed) {
    const where = report.rows
      .filter((r) => r.failed > 0)
      .map((r) => `${r.from ?? '(no route)'} → ${r.destination}: ${r.failed}`)
      .join(', ');
    breaches.push(`${report.totals.failed} failed ${noun}s (limit ${limits.failed}): ${where}`);
  }
  return breaches;
}
