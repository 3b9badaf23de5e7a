import type { MikroORM } from '@mikro-orm/postgresql';

export interface MigrationState {
  applied: { name: string; executedAt: Date | null }[];
  pending: string[];
}

/** Which migrations are applied and which are still to run. */
export async function migrationState(orm: MikroORM): Promise<MigrationState> {
  // Sequential on purpose: each call may create the bookkeeping table, and two at once would race.
  const executed = await orm.migrator.getExecuted();
  const pending = await orm.migrator.getPending();
  return {
    applied: executed.map((m) => ({ name: m.name, executedAt: m.executed_at ?? null })),
    pending: pending.map((m) => m.name),
  };
}
