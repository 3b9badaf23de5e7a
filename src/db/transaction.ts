import type pg from 'pg';

/**
 * Runs `work` in one transaction on a connection of `pool`: committed if it returns, rolled back if
 * it throws. A connection that cannot even roll back (ended by the server, broken) goes back to the
 * pool discarded, never to be handed out again.
 */
export async function withTransaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
