import pg from 'pg';
import { defineConfig, PostgreSqlSchemaHelper, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { PoolConfig } from 'pg';
import { pgConfig } from './pg-config.js';
import { entities, routines } from '../../entities/index.js';
import { MIGRATIONS_JS_DIR, MIGRATIONS_TABLE, MIGRATIONS_TS_DIR } from './migration-files.js';

export { MIGRATIONS_TABLE };

// MikroORM 7.2.1 checks that the database exists with `datname = '<name>'`, the name unquoted: a
// database whose name holds a quote (`ops'test`) fails with a syntax error before any migration.
PostgreSqlSchemaHelper.prototype.getDatabaseExistsSQL = (name: string) =>
  `select 1 from pg_database where datname = ${pg.escapeLiteral(name)}`;

// A lifecycle constraint added `NOT VALID` (old rows wait for repair, `db check --data`) is still the
// constraint the entities describe; MikroORM 7.2.1 reads its definition with the ` NOT VALID` suffix
// and would report it as drift (drop and re-add).
type ChecksSQL = (this: PostgreSqlSchemaHelper, ...args: unknown[]) => string;
const helper = PostgreSqlSchemaHelper.prototype as unknown as { getChecksSQL: ChecksSQL };
const checksSQL = helper.getChecksSQL;
helper.getChecksSQL = function (...args) {
  return checksSQL
    .apply(this, args)
    .replaceAll(
      'pg_get_constraintdef(pgc.oid) as expression',
      () => "regexp_replace(pg_get_constraintdef(pgc.oid), ' NOT VALID$', '') as expression",
    );
};

export interface OrmTarget {
  clientUrl: string;
  /** Connection pool size; the embedded server takes one connection at a time. */
  poolMax?: number;
  /** Driver settings (see pg-config.ts: the connect time-out, a statement time-out). */
  driverOptions?: PoolConfig;
  debug?: boolean;
}

/** MikroORM options for one database. The only place the ORM is configured. */
export function ormOptions(target: OrmTarget): Options {
  return defineConfig({
    clientUrl: target.clientUrl,
    entities,
    routines,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: target.poolMax ?? 4 },
    driverOptions: target.driverOptions ?? pgConfig(),
    migrations: {
      tableName: MIGRATIONS_TABLE,
      path: MIGRATIONS_JS_DIR,
      pathTs: MIGRATIONS_TS_DIR,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    allowGlobalContext: false,
    // `db init` creates the database explicitly; every other command must not conjure one up.
    ensureDatabase: false,
    forceUtcTimezone: true,
    debug: target.debug ?? false,
    // `--verbose` SQL and the ORM's own warnings go to stderr: stdout is the result (one JSON document under --json).
    logger: (message: string) => process.stderr.write(`${message}\n`),
    colors: Boolean(process.stderr.isTTY),
  });
}
