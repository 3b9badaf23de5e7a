import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config, Errors, run, settings } from '@oclif/core';
import { Exit, handle } from '@oclif/core/handle';
import chalk from 'chalk';
import { BIN, isolatedEnv, type CliResult, type RunOptions } from './run-cli.js';
import type { TerminalSize } from './run-in-terminal.js';

export interface InProcessOptions extends RunOptions {
  /**
   * Output to a terminal of this size: stdout and stderr say they are one (tables fit it, ids are
   * shortened). Not stdin, so nothing is asked: prompts, and the terminal itself, need runInTerminal.
   */
  terminal?: TerminalSize;
}

const ROOT = join(import.meta.dirname, '..', '..');

let loaded: Promise<Config> | undefined;

/**
 * Puts back the commands' ids as loaded: oclif's help rewrites them for display ('site:list' to
 * 'site list') in place, which ends a real process but would leave the next run without them.
 */
let restoreCommands = () => {};

/**
 * The CLI's configuration, loaded once per test process from the TypeScript sources (the commands,
 * the help class and the hooks), so the commands run on the same modules the tests import (one copy
 * of each, under tsx) and no build is needed. The manifest is ignored: it names the compiled files.
 */
function cliConfig(): Promise<Config> {
  loaded ??= (async () => {
    settings.enableAutoTranspile = false; // the paths below are the sources already
    const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const fromDist = (path: string) => path.replace(/^\.\/dist\/cli\//, './').replace(/\.js$/, '');
    pjson.oclif = {
      ...pjson.oclif,
      commands: fromDist(pjson.oclif.commands),
      helpClass: fromDist(pjson.oclif.helpClass),
      hooks: Object.fromEntries(Object.entries(pjson.oclif.hooks ?? {}).map(([k, v]) => [k, fromDist(v as string)])),
    };
    const config = await Config.load({ root: ROOT, pjson, ignoreManifest: true });
    // Each run reloads the configuration from these plugins, sharing their commands' metadata.
    const commands = config.getPluginsList().flatMap((p) => p.commands);
    const ids = commands.map((c) => ({ c, id: c.id, aliases: c.aliases }));
    restoreCommands = () => {
      for (const { c, id, aliases } of ids) Object.assign(c, { id, aliases });
    };
    return config;
  })();
  return loaded;
}

/** Thrown in place of `process.exit` during an in-process run: the run ends with that code. */
class ProcessExit extends Errors.ExitError {}

/** Events whose listeners a command may add to the process; those it leaves are removed after its run. */
const SIGNALS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'exit',
  'beforeExit',
] as unknown as readonly NodeJS.Signals[];
const STREAMS = [process.stdin, process.stdout, process.stderr];
/** What says whether a stream is a terminal, and its size. */
const TTY_PROPS = ['isTTY', 'columns', 'rows'];

/** The run going on now: runs take turns, since each takes over process.stdout and process.env. */
let turn: Promise<unknown> = Promise.resolve();

/**
 * The open TCP and Unix sockets of this process (a command's database connections among them: the
 * embedded default's server is on a Unix socket).
 */
const openSockets = () =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'PipeWrap').length;

/** chalk's level as a process started with this environment and no terminal would set it. */
function colourLevel(env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force === undefined || force === 'false' || force === '0') return 0;
  if (force === '' || force === 'true') return 1;
  return Math.min(3, Math.max(0, Number(force) || 1)) as 0 | 1 | 2 | 3;
}

/**
 * Runs a command in this process, as `bin/run.js` would in its own: the same arguments, the same
 * isolated environment as `runCli` (process.env replaced for the run), no terminal (unless
 * `terminal`), and what it writes to stdout and stderr captured, with the exit code the real process
 * would end with. Much faster than a process per case; what only a real process shows (signals, the
 * launcher, start-up, stdin, a real terminal, processes racing) stays with `runCli`, `runCliAsync`,
 * `startCli` and `runInTerminal`.
 *
 * Runs started together take turns. A run fails when the command leaves connections open (the real
 * process would not end; counted over the whole process, so a test should not open its own
 * connections while a command runs) and when it does not finish within `timeoutMs`.
 */
export function runCommand(args: string[], opts: InProcessOptions = {}): Promise<CliResult> {
  const mine = turn.then(() => runNow(args, opts));
  turn = mine.catch(() => undefined);
  return mine;
}

async function runNow(args: string[], opts: InProcessOptions): Promise<CliResult> {
  if (opts.input) throw new Error('runCommand has no stdin: give a test that feeds stdin to runCli');
  if (opts.node) throw new Error('runCommand runs on this node: give a test of another node to runCli');
  const config = await cliConfig();
  restoreCommands();

  const env = isolatedEnv(opts);
  const savedEnv = { ...process.env };
  const savedArgv = process.argv;
  const savedExitCode = process.exitCode;
  const savedExit = process.exit;
  const savedExitExit = Exit.exit;
  const savedChalk = chalk.level;
  const savedWrites = [process.stdout.write, process.stderr.write];
  const savedTTY = STREAMS.map((s) => TTY_PROPS.map((p) => Object.getOwnPropertyDescriptor(s, p)));
  const listeners = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const socketsBefore = openSockets();

  let stdout = '';
  let stderr = '';
  const capture =
    (append: (text: string) => void) =>
    (chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: () => void) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : cb;
      if (done) process.nextTick(done);
      return true;
    };
  let exitCode: number | undefined;

  const restore = () => {
    process.stdout.write = savedWrites[0];
    process.stderr.write = savedWrites[1];
    STREAMS.forEach((s, i) =>
      TTY_PROPS.forEach((p, j) => {
        const d = savedTTY[i][j];
        if (d) Object.defineProperty(s, p, d);
        else delete (s as unknown as Record<string, unknown>)[p];
      }),
    );
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    process.argv = savedArgv;
    process.exitCode = savedExitCode;
    process.exit = savedExit;
    Exit.exit = savedExitExit;
    chalk.level = savedChalk;
    for (const [signal, before] of listeners) {
      for (const l of process.listeners(signal)) if (!before.includes(l)) process.off(signal, l);
    }
  };

  try {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    process.argv = [process.execPath, BIN, ...args];
    process.exitCode = undefined;
    process.exit = ((code?: number | string | null) => {
      throw new ProcessExit(Number(code ?? process.exitCode ?? 0));
    }) as typeof process.exit;
    // oclif's error handler ends the process through this; here it only records the code.
    Exit.exit = ((code = 0) => {
      exitCode = code;
    }) as typeof Exit.exit;
    chalk.level = colourLevel(env);
    const term = opts.terminal;
    for (const s of STREAMS) {
      const tty = term !== undefined && s !== process.stdin;
      const set = (p: string, value: unknown) =>
        Object.defineProperty(s, p, { value, configurable: true, writable: true });
      set('isTTY', tty ? true : undefined);
      set('columns', tty ? term.columns : undefined);
      set('rows', tty ? term.rows : undefined);
    }
    process.stdout.write = capture((t) => (stdout += t)) as typeof process.stdout.write;
    process.stderr.write = capture((t) => (stderr += t)) as typeof process.stderr.write;

    const timeoutMs = opts.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const work = (async () => {
      try {
        await run(args, config);
      } catch (err) {
        // What bin/run.js does with an error that reaches it: oclif prints it and exits with its code.
        await handle(err instanceof Error ? err : new Error(String(err)));
      }
    })();
    const outcome = await Promise.race([work, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      throw new Error(
        `ccat-ops ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
      );
    }
    exitCode ??= typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
  } finally {
    restore();
  }

  // A connection the command left open would keep the real process from ending.
  for (let i = 0; i < 50 && openSockets() > socketsBefore; i++) await new Promise((r) => setTimeout(r, 20));
  if (openSockets() > socketsBefore) {
    throw new Error(
      `ccat-ops ${args.join(' ')} left ${openSockets() - socketsBefore} connection(s) open: the real process would not end`,
    );
  }

  return {
    status: exitCode,
    stdout,
    stderr,
    json() {
      return JSON.parse(stdout);
    },
  };
}
