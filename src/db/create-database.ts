import pg from 'pg';
import { databaseName, withDatabase, type ConnectionTarget } from '../config/connection.js';
import { connectionError } from './connection-errors.js';
import { newClient } from './pg-config.js';

/**
 * Creates the target database when it does not exist yet, from the server's maintenance database.
 * Returns whether it was created. Safe when several processes race to create it.
 */
export async function ensureDatabase(target: ConnectionTarget): Promise<boolean> {
  if (target.kind === 'embedded') return false; // PGlite has its one database already
  const name = databaseName(target.url);
  const client = newClient(withDatabase(target.url, name === 'postgres' ? 'template1' : 'postgres'));
  try {
    await client.connect();
  } catch (err) {
    throw connectionError(err, target) ?? err;
  }
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
      return true;
    } catch (err) {
      // Someone else created it between our check and our CREATE: that is what we wanted.
      const code = (err as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw err;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
