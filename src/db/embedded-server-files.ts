import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Unavailable } from '../errors.js';
import { isAlive } from './embedded-lock.js';

/** Where the embedded database's files are, all beside its data directory. */
export interface EmbeddedFiles {
  dataDir: string;
  /** Held by the process that has PGlite open: the background server, or a command serving it itself. */
  dataLock: string;
  /** Held by the command using the embedded database: one command at a time, as on PGlite in-process. */
  sessionLock: string;
  /** The background server's private directory (0700): its socket and its state. */
  runDir: string;
  /** The server's Unix socket, named as libpq and pg expect inside `runDir` (port 5432). */
  socket: string;
  /** What the running server is (pid, idle time-out), written once it listens. */
  state: string;
  /** The background server's stdout and stderr. */
  log: string;
}

/** What the background server writes to `state` once it serves. */
export interface ServerState {
  pid: number;
  socket: string;
  /** Seconds without a connection after which it exits. */
  idleSeconds: number;
  startedAt: string;
}

/** The longest socket path every platform takes (sun_path is 104 bytes on macOS, 108 on Linux). */
const MAX_SOCKET_PATH = 100;
const SOCKET_NAME = '.s.PGSQL.5432';

export function embeddedFiles(dataDir: string): EmbeddedFiles {
  let runDir = `${dataDir}.server`;
  if (Buffer.byteLength(join(runDir, SOCKET_NAME)) > MAX_SOCKET_PATH) {
    // Too deep for a socket: a private directory under the temporary one, named after the data.
    const uid = process.getuid?.() ?? 'user';
    const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
    runDir = join(tmpdir(), `ccat-ops-${uid}`, id);
  }
  return {
    dataDir,
    dataLock: `${dataDir}.lock`,
    sessionLock: `${dataDir}.session.lock`,
    runDir,
    socket: join(runDir, SOCKET_NAME),
    state: join(runDir, 'server.json'),
    log: `${dataDir}.server.log`,
  };
}

/** The URL the driver uses for the server on the socket in `runDir` (no password: only this user can reach it). */
export function socketUrl(files: EmbeddedFiles): string {
  return `postgres://postgres@${encodeURIComponent(files.runDir)}/postgres`;
}

/**
 * Creates `runDir` (and, for the fallback under the temporary directory, its parent) readable by
 * this user only, and refuses one that another user owns or that is a symbolic link.
 */
export function makePrivateDir(files: EmbeddedFiles): void {
  const dirs = files.runDir.startsWith(`${files.dataDir}.`) ? [files.runDir] : [join(files.runDir, '..'), files.runDir];
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const st = lstatSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) {
      throw new Unavailable(`${dir} is not a directory of this user's, so the embedded server cannot use it`, [
        `remove ${dir}, or set XDG_DATA_HOME to a directory of your own`,
      ]);
    }
    chmodSync(dir, 0o700);
  }
}

export function writeState(files: EmbeddedFiles, state: ServerState): void {
  const tmp = `${files.state}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, files.state);
}

export function readState(files: EmbeddedFiles): ServerState | undefined {
  try {
    const state = JSON.parse(readFileSync(files.state, 'utf8')) as ServerState;
    return Number.isInteger(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** The background server whose state says it is there and whose process is alive, if any. */
export function runningServer(files: EmbeddedFiles): ServerState | undefined {
  const state = readState(files);
  return state && isAlive(state.pid) ? state : undefined;
}

/**
 * The background server that is really there: its state names a live process and something
 * listens on its socket. A killed server leaves its state behind, and its pid may since belong to
 * another process; only the listening server rewrites the state, so a socket that answers vouches
 * for the pid (which `db stop` signals).
 */
export async function liveServer(files: EmbeddedFiles): Promise<ServerState | undefined> {
  const state = runningServer(files);
  if (!state) return undefined;
  const listening = await new Promise<boolean>((done) => {
    const socket = connect(files.socket);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
  return listening ? state : undefined;
}

/** Removes the socket and the state (what a server does when it exits, and what a successor does for a killed one). */
export function removeServerFiles(files: EmbeddedFiles): void {
  rmSync(files.socket, { force: true });
  rmSync(files.state, { force: true });
}
