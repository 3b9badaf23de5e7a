import pg from 'pg';

/** How the second writer of a race ended, and whether it had to wait for the first one's lock. */
export interface RaceOutcome {
  /** The error it ended with; undefined: it succeeded. */
  error: unknown;
  /** It was seen waiting on a lock before the first writer committed. */
  waited: boolean;
}

/**
 * Two writers at once: runs `change` in an open transaction on one connection, starts `write` on
 * another (SQL, or a function given that connection), waits until that write is blocked by the
 * change's lock (or, without one, has finished), commits the change, and returns how the write
 * ended and whether it waited. A rule whose trigger reads with the right lock sees the committed
 * change; one without passes both.
 */
export async function raceOutcome(
  url: string,
  change: string,
  write: string | ((client: pg.Client) => Promise<unknown>),
): Promise<RaceOutcome> {
  const a = new pg.Client({ connectionString: url });
  const b = new pg.Client({ connectionString: url });
  await a.connect();
  await b.connect();
  try {
    await a.query('begin');
    await a.query(change);
    const pid = (await b.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    let settled = false;
    let waited = false;
    const written = (typeof write === 'string' ? b.query(write) : write(b)).then(
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
      if (w?.waiting) {
        waited = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await a.query('commit');
    return { error: await written, waited };
  } finally {
    await a.end();
    await b.end();
  }
}

/** `raceOutcome`'s error alone: undefined when the write succeeded. */
export async function race(url: string, change: string, write: string): Promise<unknown> {
  return (await raceOutcome(url, change, write)).error;
}
