import sql from 'sql-template-tag';
import { Busy } from '../errors.js';
import { newClient } from '../db/pg-config.js';
import { one } from '../views/queryable.js';

/** The first key of the two-key advisory locks audits take per location (the second is its id). */
const AUDIT_LOCK_CLASS = 7310;

export interface LocationLock {
  /**
   * Whether the lock is still held: its connection is alive and the server still lists the lock
   * for it. A dropped connection (network, server restart, `pg_terminate_backend`) releases it
   * on the server, and another audit may start: the holder must stop.
   */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One audit per location at a time: a session-level advisory lock on a connection of its own, held
 * for the whole run and released by the server if the process dies. `shared`: audits started with
 * `--shard` hold it together (and exclude a plain audit, which holds it alone). Without `wait`, a
 * held lock is exit 75 at once, naming the run that holds it.
 */
export async function lockLocation(
  url: string,
  location: { id: number; key: string },
  opts: { shared: boolean; wait: boolean },
): Promise<LocationLock> {
  const client = newClient(url);
  let ended = false;
  client.on('error', () => undefined);
  client.on('end', () => (ended = true));
  await client.connect();
  try {
    const fn = `pg_${opts.wait ? '' : 'try_'}advisory_lock${opts.shared ? '_shared' : ''}`;
    const { rows } = await client.query(`select ${fn}($1, $2)::text as got`, [AUDIT_LOCK_CLASS, location.id]);
    if (!opts.wait && rows[0].got !== 'true') {
      const holder = await one<{ id: string; host: string | null; pid: number | null }>(
        client,
        sql`select id::text, host, pid from audit_run where data_location_id = ${location.id} and status = 'running'
            order by id desc limit 1`,
      );
      const by = holder ? ` (run ${holder.id} on ${holder.host ?? '?'}, pid ${holder.pid ?? '?'})` : '';
      throw new Busy(`another audit of ${location.key} is running${by}`, [
        'try again later, add --wait to queue behind it, or --shard to share the work of a --shard run',
      ]);
    }
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  const check = async () => {
    if (ended) return false;
    try {
      const { rows } = await client.query(
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
           and classid = $1 and objid = $2 and objsubid = 2 and granted`,
        [AUDIT_LOCK_CLASS, location.id],
      );
      return rows[0].n > 0;
    } catch {
      return false;
    }
  };
  // Workers ask at once: one query at a time on the lock's connection, shared by those asking.
  let checking: Promise<boolean> | undefined;
  const held = () => (checking ??= check().finally(() => (checking = undefined)));
  return { held, release: () => client.end().catch(() => undefined) };
}
