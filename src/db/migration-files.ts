import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED as compiled, PACKAGE_ROOT } from '../package-root.js';

export const MIGRATIONS_TABLE = 'mikro_orm_migrations';
export const MIGRATIONS_TS_DIR = join(PACKAGE_ROOT, 'migrations');
export const MIGRATIONS_JS_DIR = join(PACKAGE_ROOT, 'dist', 'migrations');

/** Names of the migrations this version ships, oldest first (as recorded in the migrations table). */
export function shippedMigrations(): string[] {
  const dir = compiled ? MIGRATIONS_JS_DIR : MIGRATIONS_TS_DIR;
  return readdirSync(dir)
    .filter((f) => /^Migration.*\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(js|ts)$/, ''))
    .sort();
}

/** The file of a shipped migration, as this process loads it (`.ts` from source, `.js` compiled). */
export function migrationFile(name: string): string {
  return compiled ? `${MIGRATIONS_JS_DIR}/${name}.js` : `${MIGRATIONS_TS_DIR}/${name}.ts`;
}
