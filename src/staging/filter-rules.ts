import { INPUT_LIMITS, readInputFile } from '../files/input-file.js';
import sql, { join, raw, type Sql } from 'sql-template-tag';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { parseDecimal } from '../validation/ranges.js';
import { parseYamlKeepingNumbers } from '../validation/yaml-numbers.js';
import { rows, type Queryable } from '../views/queryable.js';

/**
 * The data-grouping rules of the original system: `{table, column, operator, value, json_path?}`,
 * all ANDed, rooted at the raw data package. Each table a rule may name, and the alias it has in the
 * selection query (see `PACKAGE_SCOPE`).
 */
export const RULE_TABLES: Record<string, string> = {
  raw_data_package: 'p',
  executed_obs_unit: 'e',
  obs_unit: 'ou',
  observing_program: 'op',
  sub_observing_program: 'sop',
  source: 'src',
  obs_mode: 'om',
  instrument_module: 'im',
  instrument: 'i',
  telescope: 'tel',
  data_transfer_package: 'dtp',
};

export const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'like'] as const;
type Operator = (typeof OPERATORS)[number];
const COMPARE: Record<Exclude<Operator, 'in' | 'not_in' | 'like'>, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const Rule = z
  .object({
    table: z.string().min(1),
    column: z.string().min(1),
    operator: z.string().min(1),
    value: z.union([Scalar, z.array(Scalar)]),
    json_path: z.string().min(1).optional(),
  })
  .strict();
const RuleFile = z.union([z.array(Rule), z.object({ rules: z.array(Rule) }).strict()]);
export type FilterRule = z.infer<typeof Rule>;

/** Reads a rules file (YAML or JSON: a list of rules, or `{rules: [...]}`); exit 2 when malformed. */
export function readRuleFile(path: string): FilterRule[] {
  const text = readInputFile(path, '--filter-file', INPUT_LIMITS.filterFile).toString('utf8');
  let doc: unknown;
  try {
    doc = parseYamlKeepingNumbers(text, (source, keys) => {
      const n = parseDecimal(source);
      if (n !== undefined) return n;
      throw new UsageError(
        `--filter-file ${ruleKey(keys)}: '${source}' is not a number; write a plain decimal number like 12 or -22.96 (or quote it to mean that text)`,
      );
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // Its kind and place, not its message: that may quote the file, which may hold anything.
    const e = err as { code?: string; message?: string; linePos?: { line: number; col: number }[] };
    const what = e.code ? e.code.toLowerCase().replaceAll('_', ' ') : (e.message ?? 'unreadable').split(':')[0];
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new UsageError(`--filter-file: ${path} is not valid YAML or JSON (${what}${where})`);
  }
  const parsed = RuleFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new UsageError(
      `--filter-file: ${path}${where}: ${issue.message}; each rule is {table, column, operator, value, json_path?}`,
    );
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.rules;
}

/** Where in a rules file a value is, as the errors name rules: `rule 2: value` (keys from `parseYamlKeepingNumbers`). */
function ruleKey(keys: string[]): string {
  const [index, ...rest] = keys[0] === 'rules' ? keys.slice(1) : keys;
  if (index === undefined || !/^\d+$/.test(index)) return keys.join('.') || '(top level)';
  return `rule ${Number(index) + 1}${rest.length ? `: ${rest.join('.')}` : ''}`;
}

/**
 * The rules as SQL conditions over the selection's aliases. Tables, columns and operators are
 * checked against the database's own catalogue; values are parameters cast to the column's type;
 * a `json_path` is checked by PostgreSQL's own jsonpath parser. Any problem is exit 2 naming the rule.
 */
export async function ruleConditions(db: Queryable, rules: FilterRule[]): Promise<Sql[]> {
  if (rules.length === 0) return [];
  const columns = await rows<{ table: string; column: string; type: string }>(
    db,
    sql`select table_name as table, column_name as column, udt_name as type from information_schema.columns
         where table_schema = current_schema() and table_name = any(${Object.keys(RULE_TABLES)}::text[])`,
  );
  const conditions: Sql[] = [];
  for (const [i, rule] of rules.entries()) {
    const label = `rule ${i + 1}`;
    const alias = RULE_TABLES[rule.table];
    if (!alias) {
      throw new UsageError(
        `--filter-file ${label}: unknown table '${rule.table}'; use one of: ${Object.keys(RULE_TABLES).join(', ')}`,
      );
    }
    const known = columns.filter((c) => c.table === rule.table);
    const column = known.find((c) => c.column === rule.column);
    if (!column) {
      throw new UsageError(
        `--filter-file ${label}: table ${rule.table} has no column '${rule.column}'; it has ${known.map((c) => c.column).join(', ')}`,
      );
    }
    if (!(OPERATORS as readonly string[]).includes(rule.operator)) {
      throw new UsageError(
        `--filter-file ${label}: unknown operator '${rule.operator}'; use one of: ${OPERATORS.join(', ')}`,
      );
    }
    const op = rule.operator as Operator;
    const list = op === 'in' || op === 'not_in';
    if (list !== Array.isArray(rule.value)) {
      throw new UsageError(
        `--filter-file ${label}: ${list ? `'${op}' needs a list of values` : `'${op}' needs a single value, not a list`}`,
      );
    }
    const target = raw(`${alias}.${column.column}`);
    if (rule.json_path !== undefined) {
      if (column.type !== 'jsonb' && column.type !== 'json') {
        throw new UsageError(
          `--filter-file ${label}: json_path needs a JSON column; ${rule.table}.${rule.column} is ${column.type}`,
        );
      }
      await checkJsonPath(db, rule.json_path, label);
      const expr = sql`jsonb_path_query_first(${target}::jsonb, ${rule.json_path}::jsonpath)`;
      conditions.push(jsonCondition(expr, op, rule.value));
    } else {
      await checkValues(db, rule, column.type, label);
      conditions.push(columnCondition(target, column.type, op, rule.value));
    }
  }
  return conditions;
}

function columnCondition(target: Sql, type: string, op: Operator, value: FilterRule['value']): Sql {
  const cast = raw(`::${type}`);
  const castArray = raw(`::${type}[]`);
  switch (op) {
    case 'in':
      return sql`${target} = any(${(value as unknown[]).map(String)}${castArray})`;
    case 'not_in':
      return sql`not (${target} = any(${(value as unknown[]).map(String)}${castArray}))`;
    case 'like':
      return sql`${target}::text like ${String(value)}`;
    default:
      return sql`${target} ${raw(COMPARE[op])} ${String(value)}${cast}`;
  }
}

function jsonCondition(expr: Sql, op: Operator, value: FilterRule['value']): Sql {
  switch (op) {
    case 'in':
      return sql`${expr} = any(array(select jsonb_array_elements(${JSON.stringify(value)}::jsonb)))`;
    case 'not_in':
      return sql`not (${expr} = any(array(select jsonb_array_elements(${JSON.stringify(value)}::jsonb))))`;
    case 'like':
      return sql`(${expr} #>> '{}') like ${String(value)}`;
    default:
      return sql`${expr} ${raw(COMPARE[op])} ${JSON.stringify(value)}::jsonb`;
  }
}

async function checkJsonPath(db: Queryable, path: string, label: string): Promise<void> {
  try {
    await db.query({ text: 'select $1::jsonpath', values: [path] });
  } catch (err) {
    throw new UsageError(`--filter-file ${label}: json_path '${path}' is malformed (${(err as Error).message})`);
  }
}

/** Each value must read as the column's type (a date for a timestamp, a UUID for an id…). */
async function checkValues(db: Queryable, rule: FilterRule, type: string, label: string): Promise<void> {
  const values = (Array.isArray(rule.value) ? rule.value : [rule.value]).map(String);
  if (rule.operator === 'like') return;
  try {
    await db.query({ text: `select unnest($1::text[])::${type}`, values: [values] });
  } catch {
    throw new UsageError(
      `--filter-file ${label}: ${JSON.stringify(rule.value)} is not a valid ${type} for ${rule.table}.${rule.column}`,
    );
  }
}

/** Joins every rule table from the raw data package, under the aliases of `RULE_TABLES`. */
export const PACKAGE_SCOPE = sql`
  from raw_data_package p
  join executed_obs_unit e on e.id = p.executed_obs_unit_id
  join obs_unit ou on ou.id = e.obs_unit_id
  join observing_program op on op.id = ou.observing_program_id
  left join sub_observing_program sop on sop.id = ou.sub_observing_program_id
  left join source src on src.id = ou.source_id
  left join obs_mode om on om.id = ou.obs_mode_id
  join instrument_module im on im.id = p.instrument_module_id
  join instrument i on i.id = im.instrument_id
  join telescope tel on tel.id = i.telescope_id
  left join data_transfer_package dtp on dtp.id = p.data_transfer_package_id`;

export const andAll = (conditions: Sql[]): Sql => (conditions.length ? join(conditions, ' and ') : sql`true`);
