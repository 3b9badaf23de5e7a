/**
 * A rule of the ops-db lifecycle that PostgreSQL enforces for every writer (a check constraint, a
 * trigger or a unique index), described so `db check --data` can list the existing rows that break
 * it (rows written before the rule existed) and `db check --data --validate` can make PostgreSQL
 * check the old rows too once they are repaired.
 */
export interface DataRule {
  /** The constraint, trigger or index that enforces the rule: the name a refused write reports. */
  name: string;
  /** The table whose rows the rule is about. */
  table: string;
  /** The rule in one line, for people ("a completed transfer has finished_at"). */
  rule: string;
  /** What an operator does about a row that breaks it, one line. */
  fix: string;
  /**
   * A SELECT returning one row per existing violation, with the text columns `key` (what identifies
   * the row to an operator: its natural key, or `id 123`) and `detail` (what is wrong with it, or
   * null). Ordered; `db check --data` adds its own LIMIT.
   */
  violations: string;
  /**
   * How `--validate` makes PostgreSQL check the old rows too, once `violations` finds none. Absent
   * for triggers: they check every new write and nothing about old rows can be switched on.
   */
  validate?: Validation;
}

export interface Validation {
  /** A SELECT of one boolean column `pending`: true while old rows are not yet checked by PostgreSQL. */
  pending: string;
  /** The statements that switch the checking of old rows on; run in one transaction. */
  apply: string[];
}

/**
 * The validation of a check constraint added `NOT VALID` (new writes checked at once, old rows
 * only once they are clean): pending while `pg_constraint.convalidated` is false.
 */
export function validateConstraint(table: string, constraint: string): Validation {
  return {
    pending: `select not convalidated as pending from pg_constraint
                where conname = '${constraint}' and conrelid = '"${table}"'::regclass`,
    apply: [`alter table "${table}" validate constraint "${constraint}"`],
  };
}
