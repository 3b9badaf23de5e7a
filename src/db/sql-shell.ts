import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { constants as os } from 'node:os';
import type { ConnectionTarget } from '../config/connection.js';
import { Unavailable } from '../errors.js';
import type { EmbeddedServer } from './embedded-server.js';

/** How to get `psql`, for the error when it is not on PATH. */
export const PSQL_INSTALL_HINTS = [
  'install the PostgreSQL client: `apt-get install postgresql-client` (Debian, Ubuntu)',
  '`dnf install postgresql` (Fedora, RHEL)',
  '`brew install libpq && brew link --force libpq` (macOS)',
  'then run `ccat-ops db shell` again',
];

/** The first executable `name` on `path` (the PATH variable), or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * What `psql` is started with for a server URL: the URL without its password as the connection
 * argument, the password in `PGPASSWORD` (and an SSL key password in `PGSSLPASSWORD`), so no secret
 * is ever in the process list.
 */
export function psqlConnection(url: string): { conninfo: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = '';
  for (const [param, variable] of [
    ['password', 'PGPASSWORD'],
    ['sslpassword', 'PGSSLPASSWORD'],
  ] as const) {
    const value = parsed.searchParams.get(param);
    if (value !== null) {
      env[variable] ??= value;
      parsed.searchParams.delete(param);
    }
  }
  return { conninfo: parsed.toString(), env };
}

/**
 * `db shell`: runs `psql` on the configured database with the terminal handed over to it (stdin,
 * stdout and stderr inherited), `args` passed on, and resolves to psql's exit code (128 + the
 * signal's number when a signal ended it). On the embedded default, psql connects to its server
 * (started if need be) and holds the embedded database for as long as it runs, so other commands
 * wait. Exit 69, with how to install it, when `psql` is not on PATH.
 */
export async function runSqlShell(target: ConnectionTarget, args: string[]): Promise<number> {
  const psql = findOnPath('psql');
  if (!psql) throw new Unavailable('psql (the PostgreSQL client) is not on PATH', PSQL_INSTALL_HINTS);
  let embedded: EmbeddedServer | undefined;
  try {
    let connection: { conninfo: string; env: Record<string, string> };
    if (target.kind === 'embedded') {
      embedded = await (await import('./open-embedded.js')).openEmbedded(target.dataDir);
      // PGlite has no TLS and no password.
      connection = { conninfo: `${embedded.url}?sslmode=disable`, env: {} };
    } else {
      connection = psqlConnection(target.url);
    }
    return await runChild(psql, [connection.conninfo, ...args], {
      ...process.env,
      PGAPPNAME: 'ccat-ops db shell',
      ...connection.env,
    });
  } finally {
    await embedded?.close();
  }
}

/**
 * Runs the child on this terminal until it ends. Ctrl-C and Ctrl-\ reach the child (the terminal
 * sends them to the whole foreground group), which decides what they mean; this process only waits,
 * so the embedded server stays up under the child. A TERM or HUP sent to this process is passed on.
 */
function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const ignore = () => undefined;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const handlers: [NodeJS.Signals, (s: NodeJS.Signals) => void][] = [
      ['SIGINT', ignore],
      ['SIGQUIT', ignore],
      ['SIGTERM', forward],
      ['SIGHUP', forward],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.on('error', (err) => {
      done();
      reject(err);
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (os.signals[signal] ?? 0) : 0));
    });
  });
}
