import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { withDatabase } from '../../src/config/connection.js';
import { ormOptions } from '../../src/db/orm-config.js';
import { migratedTemplate, RUN_PREFIX, SERVER_URL, testServer } from './test-server.js';

export interface TestDatabase {
  /** URL of this file's own database. */
  url: string;
  /** Runs SQL against it and returns the rows (for asserting what landed). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** An ORM on it, opened on first use. */
  orm(): Promise<MikroORM>;
  em(): Promise<EntityManager>;
}

export interface TestDatabaseOptions {
  /** Start from an empty database instead of a migrated one. */
  empty?: boolean;
}

/**
 * A fresh database for one test file: cloned from the migrated template in `before`, dropped in
 * `after`. On the embedded fallback every file shares the one PGlite database, reset between files.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): TestDatabase {
  let url = '';
  let name = '';
  let orm: MikroORM | undefined;
  let client: pg.Client | undefined;

  before(async function () {
    this.timeout(120_000);
    const server = await testServer();
    if (server.kind === 'embedded') {
      url = server.url;
      const reset = new pg.Client({ connectionString: url });
      await reset.connect();
      await reset.query('drop schema public cascade; create schema public');
      await reset.end();
      if (!options.empty) {
        const o = await MikroORM.init(ormOptions({ clientUrl: url, poolMax: 1 }));
        await o.migrator.up();
        await o.close(true);
      }
    } else {
      name = `${RUN_PREFIX}${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      const from = options.empty ? 'template0' : await migratedTemplate();
      await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(from)}`);
      await admin.end();
      url = withDatabase(SERVER_URL, name);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await orm?.close(true);
    await client?.end();
    if (name) {
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await admin.end();
    }
  });

  return {
    get url() {
      return url;
    },
    async query(sql, params) {
      if (!client) {
        client = new pg.Client({ connectionString: url });
        await client.connect();
      }
      return (await client.query(sql, params)).rows;
    },
    async orm() {
      orm ??= await MikroORM.init(ormOptions({ clientUrl: url }));
      return orm;
    },
    async em() {
      return (await this.orm()).em.fork();
    },
  } as TestDatabase;
}
