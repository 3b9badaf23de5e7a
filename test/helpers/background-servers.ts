import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Set in every environment the tests give a command (`isolatedEnv`), so the embedded database's
 * background servers those commands start can be told apart from everyone else's.
 */
export const OWNER_VARIABLE = 'CCAT_OPS_TEST_OWNER';

/**
 * The pids of the background servers started from this test process (Linux: read from /proc), or
 * of those among them that serve `dataDir`.
 */
export function ownBackgroundServers(dataDir?: string): number[] {
  const mark = `${OWNER_VARIABLE}=${process.pid}`;
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!/embedded-daemon\.(js|ts)\0/.test(cmdline)) continue;
      if (dataDir !== undefined && !cmdline.split('\0').includes(dataDir)) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(mark)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the background servers this test process started (SIGTERM: each closes its database and
 * removes its socket and lock), so a test run leaves none behind; SIGKILL for one that does not
 * stop within 15 s.
 */
export async function stopOwnBackgroundServers(): Promise<void> {
  const pids = ownBackgroundServers();
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  for (const deadline = Date.now() + 15_000; pids.some(alive) && Date.now() < deadline;) await sleep(50);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}
