import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OWNER_VARIABLE } from './background-servers.js';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not). */
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RunOptions {
  /** The database to use; passed as CCAT_OPS_DATABASE_URL. Omit for an isolated embedded default. */
  url?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** The node that starts `bin/run.js` (default: this one); an older one exercises the launcher. */
  node?: string;
}

/**
 * An environment with nothing of the developer's own: no database variables, no config file, and
 * home/data/config directories of its own, so the embedded default never touches the real one.
 */
export function isolatedEnv(opts: RunOptions = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'ccat-ops-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(PG|CCAT_OPS_|DATABASE_URL$|XDG_|NO_COLOR$|FORCE_COLOR$|DEBUG$)/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') });
  // Marks the embedded database's background servers its commands start, for the teardown to stop.
  env[OWNER_VARIABLE] = String(process.pid);
  if (opts.url) env.CCAT_OPS_DATABASE_URL = opts.url;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function result(status: number | null, stdout: string, stderr: string): CliResult {
  return {
    status: status ?? -1,
    stdout,
    stderr,
    json() {
      return JSON.parse(stdout);
    },
  };
}

/** Runs the real `bin/run.js` as a user would, without a terminal, and returns what it printed. */
export function runCli(args: string[], opts: RunOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: isolatedEnv(opts),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  return result(r.status, r.stdout, r.stderr);
}

/** The same, asynchronously, for running several at once. */
export function runCliAsync(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: isolatedEnv(opts),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code, stdout, stderr)));
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** Its exit code once it ended (null when a signal ended it). */
  exited: Promise<number | null>;
  /** What it has written to stderr so far. */
  stderr(): string;
}

/** Starts the real `bin/run.js` without waiting for it, for tests that signal or kill it mid-run. */
export function startCli(args: string[], opts: RunOptions = {}): RunningCli {
  const child = spawn(opts.node ?? process.execPath, [BIN, ...args], {
    env: isolatedEnv(opts),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}
