import type { CheckConstraint } from '@mikro-orm/core';

/**
 * DESIGN §6, for every table with the status machine and its own started_at/finished_at
 * (transfers, archive transfers, staging jobs and their packages): a transfer that ended
 * (completed or failed) says when, one in progress says since when, and an ended one did not end
 * before it started. A retry goes back to pending and then in progress with a new started_at,
 * possibly leaving the last attempt's finished_at behind until it ends again; that is allowed.
 */
export const lifecycleTimeChecks = (table: string): CheckConstraint[] => [
  {
    name: `${table}_completed_or_failed_has_finished_at`,
    expression: "(status <> 'completed' and status <> 'failed') or finished_at is not null",
  },
  { name: `${table}_in_progress_has_started_at`, expression: "status <> 'in_progress' or started_at is not null" },
  {
    name: `${table}_finished_at_not_before_started_at`,
    expression: "(status <> 'completed' and status <> 'failed') or finished_at >= started_at",
  },
];
