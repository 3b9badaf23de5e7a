/**
 * Build step: bundles the compiled CLI (`dist/commands`, the help class, the hooks and the oclif
 * runtime) into `dist/cli/` with esbuild, so that a command loads a few files instead of hundreds of
 * modules; start-up is most of a short command's time (bench/README "Start-up"). Code shared between
 * commands goes into chunks, and what a command imports lazily stays lazy; MikroORM, kysely and zod
 * are inside. The library (`dist/src`) and the migrations stay as tsc compiled them: MikroORM loads
 * the migrations by path (they bring their own copy of `@mikro-orm/migrations`, for `db init` and
 * `db migrate` only), as the audit's worker threads load `dist/src/audit/file-worker.js`.
 *
 *   node --import tsx src/dev/bundle-cli.ts      (run by `npm run build`, after tsc)
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../package-root.js';

const dist = join(PACKAGE_ROOT, 'dist');
const outdir = join(dist, 'cli');

const commands = readdirSync(join(dist, 'commands'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.js'))
  .map((f) => join(dist, 'commands', f));
// The help class and the hooks oclif loads from the bundle (package.json), bundled from tsc's output.
const { oclif } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  oclif: { helpClass: string; hooks?: Record<string, string> };
};
const fromBundle = (path: string) => join(PACKAGE_ROOT, path.replace(/^\.\/dist\/cli\//, 'dist/'));

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [
    ...commands,
    fromBundle(oclif.helpClass),
    ...Object.values(oclif.hooks ?? {}).map(fromBundle),
    join(dist, 'src', 'cli-runtime.js'),
  ],
  outbase: dist,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  keepNames: true, // errors are named by their class (`--json` error documents)
  chunkNames: 'chunks/[hash]',
  // PGlite loads its WebAssembly and data by path, piscina its workers; typescript and ts-node
  // (oclif's development mode) and pg-native (an optional driver) are never needed here.
  external: ['@electric-sql/*', 'piscina', 'typescript', 'ts-node', 'pg-native'],
  // jsonc-parser's main is a UMD build whose `require`s esbuild cannot follow; its ES module build is the same code.
  alias: { 'jsonc-parser': join(PACKAGE_ROOT, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
  // The CommonJS packages inside (pg, oclif) call `require` for Node's own modules.
  banner: {
    js: "import{createRequire as __ccatRequire}from'node:module';const require=__ccatRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
