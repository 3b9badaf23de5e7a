/**
 * Developer tool: generates a migration from the difference between the entities and the schema
 * the existing migrations produce. It builds that schema in a scratch database on the test server
 * (`CCAT_OPS_TEST_DATABASE_URL`), so the diff never depends on anyone's real database.
 *
 *   npm run migration:create -- --name add-something [--initial]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { withDatabase } from '../config/connection.js';
import { ormOptions } from '../db/orm-config.js';

const { values } = parseArgs({ options: { name: { type: 'string' }, initial: { type: 'boolean', default: false } } });
const server = process.env.CCAT_OPS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = `ccat_ops_migration_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${scratch}`);
try {
  const orm = await MikroORM.init({ ...ormOptions({ clientUrl: withDatabase(server, scratch) }), preferTs: true });
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(undefined, false, values.initial, values.name);
    process.stdout.write(
      result.fileName ? `created migrations/${result.fileName}\n` : 'no changes: entities match the migrations\n',
    );
  } finally {
    await orm.close(true);
  }
} finally {
  await admin.query(`drop database ${scratch} with (force)`);
  await admin.end();
}
