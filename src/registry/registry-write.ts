import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict } from '../errors.js';
import { describeChanges, diffFields, type WriteResult } from './write-result.js';

type Fields = Record<string, unknown>;

/**
 * The one transaction of a registry write, safe against the same write running at the same time.
 * Two identical `add`s both find nothing and both insert; PostgreSQL's unique index makes the
 * second wait for the first and then fail (23505). That transaction is rolled back and run again
 * from the start: its lookup now finds the row the other committed, so the loser reports what a
 * sequential repeat would ("already registered", or a conflict), never the database's own error.
 */
export async function registryTransaction<R>(em: EntityManager, work: (tx: EntityManager) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A retry starts from a clean identity map: nothing of the rolled-back attempt may linger.
      return await em.transactional(work, attempt > 1 ? { clear: true } : {});
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException) || attempt >= 3) throw err;
    }
  }
}

/**
 * The `add` of every registry noun: an existing row with the same values is "already registered"
 * (no write); with other values it is a conflict that shows the difference and points to `update`;
 * otherwise the row is created, or only previewed under `--dry-run`.
 */
export async function addOrKeep<E extends object, V extends object>(
  tx: EntityManager,
  args: {
    existing: E | null;
    view: (e: E) => V;
    /** The given values, keyed like the view. */
    wanted: Fields;
    create: () => E;
    dryRun?: boolean;
    /** e.g. `telescope 'FYST'` */
    label: string;
    /** e.g. `ccat-ops telescope update FYST` */
    updateCommand: string;
  },
): Promise<WriteResult<V>> {
  if (args.existing) {
    const changes = diffFields(args.view(args.existing) as Fields, args.wanted);
    if (changes.length) {
      throw new Conflict(
        `${args.label} is already registered with other values (${changes.map((c) => c.field).join(', ')})`,
        [`change it with \`${args.updateCommand}\`:\n${describeChanges(changes)}`],
      );
    }
    return { status: 'unchanged', item: args.view(args.existing), changes: [] };
  }
  const entity = args.create();
  const item = args.view(entity);
  if (args.dryRun) {
    tx.clear(); // nothing of the preview may reach the database
    return { status: 'would-create', item, changes: [] };
  }
  await tx.flush();
  return { status: 'created', item: args.view(entity), changes: [] };
}

/**
 * The `update` of every registry noun: computes the changes; under `--dry-run` shows them without
 * writing; otherwise applies them in the caller's transaction.
 */
export async function applyUpdate<E extends object, V extends object>(
  tx: EntityManager,
  args: { entity: E; view: (e: E) => V; wanted: Fields; apply: () => void | Promise<void>; dryRun?: boolean },
): Promise<WriteResult<V>> {
  const before = args.view(args.entity);
  const changes = diffFields(before as Fields, args.wanted);
  if (!changes.length) return { status: 'unchanged', item: before, changes };
  if (args.dryRun) {
    const preview = { ...before } as Fields;
    for (const c of changes) preview[c.field] = c.after;
    return { status: 'would-update', item: preview as V, changes };
  }
  await args.apply();
  await tx.flush();
  return { status: 'updated', item: args.view(args.entity), changes };
}
