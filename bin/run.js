#!/usr/bin/env node
// ccat-ops needs Node 22+. When an older node started us (e.g. the machine's own), hand over to the
// Node 22 runtime the package pins in node_modules, if it is there.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const { existsSync } = await import('node:fs');
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write(
      `Error: ccat-ops needs Node.js 22 or newer (this is ${process.version}); run \`npm install\` in the package or use Node 22\n`,
    );
    process.exit(1);
  }
  // The real process gets every signal we get and we end as it ended, so cron's `kill` of this PID
  // stops the real command (cleanly, as it would stop without us) and no orphan keeps its locks.
  // Ctrl-C at a terminal already reaches it (same process group): SIGINT is forwarded only without one.
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  const forwarded = ['SIGTERM', 'SIGHUP', ...(process.stdin.isTTY ? [] : ['SIGINT'])];
  for (const signal of forwarded) process.on(signal, () => child.kill(signal));
  if (process.stdin.isTTY) process.on('SIGINT', () => {});
  child.on('error', (err) => {
    process.stderr.write(`Error: could not start ${pinned}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
  await new Promise(() => {});
}

// A reader that goes away (`| head`) ends us quietly with success, as it does git and psql.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// `--version` is answered without loading the CLI framework: it is what scripts and probes call most.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.oclif.bin}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
  process.exit(0);
}

// Cache compiled code between runs (Node's own on-disk cache): start-up is most of a short command.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

// The CLI's bundle (dist/cli, made by `npm run build`): a command loads a few files, not hundreds.
const { execute } = await import('../dist/cli/src/cli-runtime.js');
await execute({ dir: import.meta.url });
