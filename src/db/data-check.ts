import type pg from 'pg';
import { DATA_RULES, type DataRule } from './data-rules/index.js';

/** One existing row that breaks a rule, as `db check --data` lists it. */
export interface RuleViolation {
  table: string;
  key: string;
  rule: string;
  problem: string | null;
  fix: string;
}

/**
 * Where one rule stands: how many existing rows break it, the first of them, and whether PostgreSQL
 * checks old rows too (`true`), only new writes while old rows wait for repair (`false`), or only
 * new writes by nature (`null`: a trigger).
 */
export interface RuleReport {
  rule: string;
  table: string;
  description: string;
  fix: string;
  violations: number;
  rows: RuleViolation[];
  oldRowsChecked: boolean | null;
}

type Client = Pick<pg.ClientBase, 'query'>;

/** check_violation, unique_violation: the rule is still broken by some row. */
const BROKEN = new Set(['23514', '23505']);

/**
 * Lists, per rule, the existing rows that break it (at most `limit` each; all are counted) and
 * whether its constraint already covers old rows. Reads only.
 */
export async function checkData(
  db: Client,
  limit: number,
  rules: readonly DataRule[] = DATA_RULES,
): Promise<RuleReport[]> {
  const reports: RuleReport[] = [];
  for (const r of rules) {
    // One read per rule: the first `limit` rows, each carrying the count of all.
    const found = (
      await db.query<{ key: string; detail: string | null; n: string }>(
        `select key, detail, count(*) over () as n from (${r.violations}) v limit $1`,
        [limit],
      )
    ).rows;
    const n = found[0]?.n ?? '0';
    reports.push({
      rule: r.name,
      table: r.table,
      description: r.rule,
      fix: r.fix,
      violations: Number(n),
      rows: found.map((v) => ({ table: r.table, key: String(v.key), rule: r.name, problem: v.detail, fix: r.fix })),
      oldRowsChecked: r.validate ? !(await pending(db, r)) : null,
    });
  }
  return reports;
}

/** What `--validate` did with one rule whose old rows PostgreSQL did not check yet. */
export interface ValidationOutcome {
  rule: string;
  /** `validated`: old rows are now checked; `broken`: rows still break it, nothing changed. */
  outcome: 'validated' | 'broken';
  violations: number;
}

/**
 * Switches old-row checking on for every rule that is clean now (validates its NOT VALID constraint,
 * rebuilds its index), each in its own transaction so one still-broken rule does not hold back the
 * others. Rules already validated, and triggers, are left alone.
 */
export async function validateRules(db: Client, rules: readonly DataRule[] = DATA_RULES): Promise<ValidationOutcome[]> {
  const outcomes: ValidationOutcome[] = [];
  for (const r of rules) {
    if (!r.validate || !(await pending(db, r))) continue;
    const [{ n }] = (await db.query<{ n: string }>(`select count(*) as n from (${r.violations}) v`)).rows;
    if (Number(n) > 0) {
      outcomes.push({ rule: r.name, outcome: 'broken', violations: Number(n) });
      continue;
    }
    await db.query('begin');
    try {
      for (const statement of r.validate.apply) await db.query(statement);
      await db.query('commit');
      outcomes.push({ rule: r.name, outcome: 'validated', violations: 0 });
    } catch (err) {
      await db.query('rollback').catch(() => undefined);
      // A row written between the count and the validation (only possible for a rule whose new
      // writes a trigger or index does not yet check) leaves the rule as it was.
      if (!BROKEN.has((err as { code?: string }).code ?? '')) throw err;
      outcomes.push({ rule: r.name, outcome: 'broken', violations: 1 });
    }
  }
  return outcomes;
}

async function pending(db: Client, r: DataRule): Promise<boolean> {
  const { rows } = await db.query<{ pending: boolean }>(r.validate!.pending);
  return rows[0]?.pending === true;
}
