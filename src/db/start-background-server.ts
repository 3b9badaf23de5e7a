import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedLockTimeoutMs } from '../config/timeouts.js';
import { Busy, OpsError, Unavailable, UsageError } from '../errors.js';
import { COMPILED, PACKAGE_ROOT } from '../package-root.js';
import { startTimeoutMs } from './embedded-server.js';
import type { EmbeddedFiles } from './embedded-server-files.js';

/** What the background server tells the command that started it, over the IPC channel. */
export type StartMessage =
  { ready: true; pid: number } | { ready: false; message: string; actions: string[]; exitCode: number };

/** A log past this size is moved aside (to `.1`) when the next server starts. */
const LOG_LIMIT = 1024 * 1024;

/**
 * Starts the embedded database's background server (`embedded-daemon.ts`) for `files.dataDir` and
 * waits until it serves. The server runs detached, in a process group and session of its own, with
 * no stdio of this process (its output goes to `files.log`), so neither a terminal's Ctrl-C nor a CI
 * job that waits for its command's output is held by it. When it cannot start, its error is this
 * command's, with the same exit code (75 when another process has the database open, 69 when the
 * data directory is unusable). Resolves to its pid.
 */
export async function startBackgroundServer(files: EmbeddedFiles): Promise<number> {
  // Built, the server is the compiled file (also for the CLI's bundle, whose chunks are elsewhere);
  // under the test runner the sources are TypeScript and the server needs the same loader.
  const script = COMPILED
    ? join(PACKAGE_ROOT, 'dist', 'src', 'db', 'embedded-daemon.js')
    : join(PACKAGE_ROOT, 'src', 'db', 'embedded-daemon.ts');
  const loader = COMPILED ? [] : ['--import', import.meta.resolve('tsx')];
  rotateLog(files.log);
  const log = openSync(files.log, 'a', 0o600);
  let child;
  try {
    child = spawn(process.execPath, [...loader, script, files.dataDir], {
      detached: true,
      stdio: ['ignore', log, log, 'ipc'],
      cwd: '/',
      env: process.env,
    });
  } finally {
    closeSync(log);
  }
  const server = child;
  // Its own start is bounded (the lock wait, then opening PGlite); this only guards against a hang.
  const waitMs = embeddedLockTimeoutMs() + startTimeoutMs() + 10_000;
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        reject(
          new Unavailable(`the embedded database's server did not start within ${Math.round(waitMs / 1000)} s`, [
            `see its log, ${files.log}`,
          ]),
        );
      }, waitMs);
      server.once('message', (message: StartMessage) => {
        clearTimeout(timer);
        if (message.ready) resolve(message.pid);
        else reject(startError(message));
      });
      server.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Unavailable(
            `the embedded database's server ended (${signal ?? `exit ${code}`}) before it served: ${lastLine(files.log)}`,
            [`see its log, ${files.log}`],
          ),
        );
      });
      server.once('error', (err) => {
        clearTimeout(timer);
        reject(new Unavailable(`could not start the embedded database's server: ${err.message}`));
      });
    });
  } finally {
    server.removeAllListeners();
    if (server.connected) server.disconnect();
    server.unref();
  }
}

/** The server's error as this command's, with its exit code. */
function startError({ message, actions, exitCode }: Extract<StartMessage, { ready: false }>): OpsError {
  if (exitCode === 75) return new Busy(message, actions);
  if (exitCode === 69) return new Unavailable(message, actions);
  if (exitCode === 2) return new UsageError(message, actions);
  return new OpsError(message, actions);
}

function rotateLog(path: string): void {
  try {
    if (statSync(path).size > LOG_LIMIT) renameSync(path, `${path}.1`);
  } catch {
    // no log yet
  }
}

function lastLine(path: string): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').at(-1) ?? '';
  } catch {
    return '';
  }
}
