import sql, { type Sql } from 'sql-template-tag';
import { UsageError } from '../errors.js';
import { isUuid, moduleId, obsUnitId, programId } from '../views/names.js';
import { one, type Queryable } from '../views/queryable.js';
import { looksLikeId, resolveId } from '../views/short-id.js';
import { ruleConditions, type FilterRule } from './filter-rules.js';

/** What to stage: every given criterion must hold (packages by name or id are one criterion). */
export interface PackageSelection {
  /** Raw data package names or UUIDs. */
  packages?: string[];
  executed?: string[];
  obsUnit?: string;
  program?: string;
  module?: string;
  since?: Date;
  until?: Date;
  rules?: FilterRule[];
}

/** The selection as SQL conditions over `PACKAGE_SCOPE`; exit 2 for an empty or malformed one. */
export async function selectionConditions(db: Queryable, s: PackageSelection): Promise<Sql[]> {
  const where: Sql[] = [];
  if (s.packages?.length) {
    // In turn: `db` is one connection (pg warns of queries sent to a client busy with one).
    const ids = [];
    for (const k of s.packages.filter((p) => looksLikeId(p))) ids.push(await packageIdOrName(db, k));
    where.push(
      sql`(p.name = any(${s.packages}::text[]) or p.id = any(${ids.filter((id) => id !== undefined)}::uuid[]))`,
    );
  }
  if (s.executed?.length) {
    const ids = [];
    for (const id of s.executed) ids.push(isUuid(id) ? id : await resolveId(db, 'executed', id, 'executed'));
    where.push(sql`p.executed_obs_unit_id = any(${ids}::uuid[])`);
  }
  if (s.obsUnit !== undefined) where.push(sql`e.obs_unit_id = ${await obsUnitId(db, s.obsUnit)}`);
  if (s.program !== undefined) where.push(sql`ou.observing_program_id = ${await programId(db, s.program)}`);
  if (s.module !== undefined) where.push(sql`p.instrument_module_id = ${await moduleId(db, s.module)}`);
  if (s.since) where.push(sql`p.created_at >= ${s.since}`);
  if (s.until) where.push(sql`p.created_at < ${s.until}`);
  where.push(...(await ruleConditions(db, s.rules ?? [])));
  if (where.length === 0) {
    throw new UsageError(
      'say what to stage: package names or ids, --executed, --obs-unit, --program, --module, --since/--until or --filter-file',
    );
  }
  return where;
}

/**
 * A package named like an id or id prefix: its full id, unless it is the name of a package (then
 * undefined: the name matches it) — a full UUID is taken as it is, a prefix must be unique.
 */
async function packageIdOrName(db: Queryable, key: string): Promise<string | undefined> {
  if (isUuid(key)) return key;
  if (await one(db, sql`select 1 from raw_data_package where name = ${key}`)) return undefined;
  return resolveId(db, 'package', key);
}
