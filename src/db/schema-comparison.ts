import { DatabaseSchema, SchemaComparator, type MikroORM, type SchemaDifference } from '@mikro-orm/postgresql';
import { RETIRED_FUNCTIONS } from './drop-own-objects.js';
import { MIGRATIONS_TABLE } from './migration-files.js';

/**
 * How the database differs from the schema the entities define (which the drift test keeps equal to
 * what the migrations make): `from` is the database as it is, `to` is ours. What MikroORM's
 * `getUpdateSchemaSQL` compares, as a structured difference instead of SQL.
 */
export async function compareWithEntities(orm: MikroORM): Promise<SchemaDifference> {
  const generator = orm.schema;
  const platform = orm.em.getPlatform();
  const options = orm.config.get('schemaGenerator');
  const toSchema = generator.getTargetSchema();
  const schemas = toSchema.getNamespaces();
  const fromSchema = await DatabaseSchema.create(
    orm.em.getConnection(),
    platform,
    orm.config,
    undefined,
    schemas,
    undefined,
    options.skipTables,
    options.skipViews,
  );
  await fromSchema.loadRoutines(orm.em.getConnection(), platform, schemas);
  fromSchema.prune(undefined, []);
  toSchema.prune(undefined, []);
  return new SchemaComparator(platform).compare(fromSchema, toSchema);
}

/**
 * The difference without the objects of other applications sharing the schema (DESIGN §6: the
 * database is shared): tables, enum types, views and functions the entities do not define are
 * theirs, not drift. Our migrations table is not part of the model either (kept out of the changed tables). Functions we created
 * once and retired (see `ownFunctions`) are still ours, so a database that kept one is drift.
 */
export function withoutForeignObjects(diff: SchemaDifference): SchemaDifference {
  const retired = new Set(RETIRED_FUNCTIONS);
  const removedRoutines = Object.fromEntries(
    Object.entries(diff.removedRoutines).filter(([, r]) => retired.has(r.name)),
  );
  const changedTables = Object.fromEntries(
    Object.entries(diff.changedTables).filter(([, t]) => t.name !== MIGRATIONS_TABLE),
  );
  return {
    ...diff,
    changedTables,
    removedTables: {},
    removedNativeEnums: [],
    removedViews: {},
    removedRoutines,
  };
}

/** The SQL that turns the database into the entities' schema as far as `diff` says, as one script. */
export function differenceSql(orm: MikroORM, diff: SchemaDifference): string {
  return orm.schema
    .diffToSQL(diff, { wrap: false, safe: false, dropTables: true })
    .replace(/^set names [^;]*;\s*/i, '')
    .trim();
}
