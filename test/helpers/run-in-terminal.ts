import { spawn } from 'node:child_process';
import { BIN, isolatedEnv, type RunOptions } from './run-cli.js';

export interface TerminalResult {
  status: number;
  /** Everything the terminal showed, escape sequences removed. */
  screen: string;
}

/** A terminal's size in characters. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), typing each answer when the program
 * waits for input, as an operator at a terminal would; `size` sets the terminal's width and height.
 */
export function runInTerminal(
  args: string[],
  answers: string[],
  opts: RunOptions = {},
  size?: TerminalSize,
): Promise<TerminalResult> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const quoted = size ? `stty cols ${size.columns} rows ${size.rows} && exec ${command}` : command;
  const env = isolatedEnv(opts);
  delete env.CI; // prompting is off in CI by design; this test is about the terminal itself
  const child = spawn('script', ['-qec', quoted, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  // Decoded as a stream, so a character split between two reads is not garbled.
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  // Type the next answer once the program has shown something and gone quiet: it is waiting.
  let i = 0;
  let idle: NodeJS.Timeout | undefined;
  const typeNext = () => {
    if (i < answers.length) child.stdin.write(`${answers[i++]}\r`);
  };
  child.stdout.on('data', () => {
    clearTimeout(idle);
    idle = setTimeout(typeNext, 400);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(idle);
      // eslint-disable-next-line no-control-regex
      resolve({ status: code ?? -1, screen: out.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '') });
    });
  });
}
