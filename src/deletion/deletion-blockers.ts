import sql from 'sql-template-tag';
import { rows, type Queryable } from '../views/queryable.js';
import { policyReasons } from './deletion-policy.js';

/** What keeps a copy from being deleted now: a database rule (a constraint name) or a ccat-ops policy rule. */
export interface KeptBy {
  rule: string;
  /** A sentence saying why, naming the copy and the package or transfer concerned. */
  detail: string;
  /** What would let it go. */
  hint: string;
  /** `database`: the deletion guard refuses it whoever writes; `policy`: ccat-ops does not offer it. */
  by: 'database' | 'policy';
}

/**
 * The database's own rules (DESIGN §6, physical_copy_deletion_blockers, which the deletion guard
 * calls too): one row per copy of `ids` that a rule keeps, with the rule's constraint name.
 */
function databaseBlockers(ids: string[]) {
  return sql`select b.copy_id::text as "copyId", b.rule, b.detail, b.hint
               from physical_copy_deletion_blockers(
                      array(select c from physical_copy c where c.id = any(${ids}::bigint[]))) b`;
}

/**
 * Why each copy of `ids` may not be deleted now, by id: the policy's reasons first, then the
 * database's. A copy not in the map is deletable.
 */
export async function keptBy(db: Queryable, ids: string[]): Promise<Map<string, KeptBy[]>> {
  const kept = new Map<string, KeptBy[]>();
  if (ids.length === 0) return kept;
  type Row = { copyId: string; rule: string; detail: string; hint: string };
  const add = (found: Row[], by: KeptBy['by']) => {
    for (const { copyId, ...reason } of found) {
      const list = kept.get(copyId) ?? [];
      list.push({ ...reason, by });
      kept.set(copyId, list);
    }
  };
  add(await rows<Row>(db, policyReasons(ids)), 'policy');
  add(await rows<Row>(db, databaseBlockers(ids)), 'database');
  return kept;
}
