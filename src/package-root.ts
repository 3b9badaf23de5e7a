import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own directory (where `package.json`, `data/` and `dist/` are), found from wherever
 * this code runs: the TypeScript sources (`src/`), the compiled library (`dist/src/`) or the CLI's
 * bundle (`dist/cli/`, where every module shares a few chunk files).
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'data'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ccat-ops package found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();

/** Whether this process runs the built package (`dist/`) rather than the TypeScript sources. */
export const COMPILED = !import.meta.url.endsWith('.ts');
