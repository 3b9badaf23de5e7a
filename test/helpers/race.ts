import pg from 'pg';

/**
 * Two writers at once: runs `change` in an open transaction on one connection, starts `write` on
 * another, waits until that write is blocked by the change's lock (or, without one, has finished),
 * commits the change, and returns how the write ended (undefined: it succeeded). A rule whose
 * trigger reads with the right lock sees the committed change; one without passes both.
 */
export async function race(url: string, change: string, write: string): Promise<unknown> {
  const a = new pg.Client({ connectionString: url });
  const b = new pg.Client({ connectionString: url });
  await a.connect();
  await b.connect();
  try {
    await a.query('begin');
    await a.query(change);
    const pid = (await b.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    let settled = false;
    const written = b.query(write).then(
      () => undefined,
      (err: unknown) => err,
    );
    void written.finally(() => (settled = true));
    while (!settled) {
      const [w] = (
        await a.query<{ waiting: boolean }>(
          `select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1`,
          [pid],
        )
      ).rows;
      if (w?.waiting) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await a.query('commit');
    return await written;
  } finally {
    await a.end();
    await b.end();
  }
}
