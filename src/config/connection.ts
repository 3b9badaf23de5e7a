import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { loadConfigFile, type EnvironmentConfig } from './config-file.js';
import { maskUrl } from './mask-url.js';

export const DEFAULT_ENVIRONMENT = 'development';

/** Where the database is and how that was decided (DESIGN §4). */
export type ConnectionTarget =
  | {
      kind: 'server';
      url: string;
      /** Which configuration source supplied it, for `doctor` and error messages. */
      source: string;
      environment: string;
      /** Destructive operations are refused (see `isProduction`). */
      production: boolean;
      password?: string;
      /** Things the user should fix that do not stop the command (a config file readable by others). */
      warnings?: string[];
    }
  | { kind: 'embedded'; dataDir: string; source: 'embedded default'; environment: string; production: boolean };

export interface ConnectionInput {
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
}

/** The URL with the password masked, or where the embedded data lives. Safe to print. */
export function describeTarget(target: ConnectionTarget): string {
  return target.kind === 'server' ? maskUrl(target.url) : `embedded PGlite at ${target.dataDir}`;
}

/** The host:port a server target points at, for "could not reach …" messages. */
export function targetHost(target: ConnectionTarget): string {
  if (target.kind === 'embedded') return target.dataDir;
  const url = new URL(target.url);
  const socketHost = url.searchParams.get('host');
  return `${url.hostname || socketHost || 'localhost'}:${url.port || '5432'}`;
}

const PRODUCTION_NAMES = new Set(['production', 'prod']);

/**
 * Whether destructive operations must be refused (DESIGN §4): `CCAT_OPS_ENV` or the original
 * ops-db's `ENV_FOR_DYNACONF` says `production` or `prod`, in any case and whatever the spaces.
 */
export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return [env.CCAT_OPS_ENV, env.ENV_FOR_DYNACONF].some(
    (value) => value !== undefined && PRODUCTION_NAMES.has(value.trim().toLowerCase()),
  );
}

/** Resolves the database connection: first hit wins, in the order of DESIGN §4. */
export function resolveConnection(input: ConnectionInput = {}): ConnectionTarget {
  const env = input.env ?? process.env;
  const environment = env.CCAT_OPS_ENV?.trim() || DEFAULT_ENVIRONMENT;
  const production = isProduction(env);
  const server = (url: string, source: string, warnings?: string[]): ConnectionTarget => ({
    kind: 'server',
    url: validateUrl(url, source),
    source,
    environment,
    production,
    password: passwordOf(url),
    ...(warnings?.length ? { warnings } : {}),
  });

  // An explicitly empty value is a mistake (an unset shell variable), never a reason to fall back
  // to whatever database comes next.
  for (const [value, source] of [
    [input.databaseUrl, '--database-url'],
    [env.CCAT_OPS_DATABASE_URL, 'CCAT_OPS_DATABASE_URL'],
  ] as const) {
    if (value !== undefined && !value.trim()) {
      throw new UsageError(`${source} is empty`, [
        `give the database URL (postgres://USER@HOST/DATABASE), or leave ${source} out to use the configuration`,
      ]);
    }
  }
  if (input.databaseUrl) return server(input.databaseUrl, '--database-url');
  if (env.CCAT_OPS_DATABASE_URL) return server(env.CCAT_OPS_DATABASE_URL, 'CCAT_OPS_DATABASE_URL');
  if (env.DATABASE_URL) return server(env.DATABASE_URL, 'DATABASE_URL');

  const opsDb = 'CCAT_OPS_DB_DATABASE_POSTGRESQL_';
  if (['HOST', 'PORT', 'USER', 'PASSWORD', 'DATABASE'].some((k) => env[opsDb + k])) {
    return server(
      buildUrl({
        host: env[`${opsDb}HOST`],
        port: env[`${opsDb}PORT`],
        user: env[`${opsDb}USER`],
        password: env[`${opsDb}PASSWORD`],
        database: env[`${opsDb}DATABASE`],
      }),
      `${opsDb}* variables`,
    );
  }

  const file = loadConfigFile(env);
  if (file) {
    const chosen = file.environments[environment];
    if (!chosen) {
      const known = Object.keys(file.environments).join(', ') || 'none';
      throw new UsageError(`environment '${environment}' is not defined in ${file.path} (defined: ${known})`, [
        'set CCAT_OPS_ENV to one of those, or add the environment to the file',
      ]);
    }
    return server(urlFromEnvironment(chosen, env, file.path), `${file.path} [${environment}]`, file.warnings);
  }

  if (['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'].some((k) => env[k])) {
    return server(
      buildUrl({
        host: env.PGHOST,
        port: env.PGPORT,
        user: env.PGUSER,
        password: env.PGPASSWORD,
        database: env.PGDATABASE,
      }),
      'PG* variables',
    );
  }

  return { kind: 'embedded', dataDir: embeddedDataDir(env), source: 'embedded default', environment, production };
}

/** `$XDG_DATA_HOME/ccat-ops/pglite`, else `~/.local/share/ccat-ops/pglite`. */
export function embeddedDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'ccat-ops', 'pglite');
}

function urlFromEnvironment(cfg: EnvironmentConfig, env: NodeJS.ProcessEnv, path: string): string {
  if (cfg.database_url) return cfg.database_url;
  let password = cfg.password;
  if (cfg.password_env) {
    password = env[cfg.password_env];
    if (password === undefined) {
      throw new UsageError(`${path}: password_env names ${cfg.password_env}, which is not set`);
    }
  }
  return buildUrl({ host: cfg.host, port: cfg.port?.toString(), user: cfg.user, password, database: cfg.database });
}

interface UrlParts {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
}

/** Builds a postgres:// URL from libpq-style parts; a host starting with `/` is a socket directory. */
export function buildUrl(parts: UrlParts): string {
  const url = new URL('postgres://localhost');
  const host = parts.host || 'localhost';
  if (host.startsWith('/')) url.searchParams.set('host', host);
  else url.hostname = host;
  if (parts.port) url.port = parts.port;
  url.username = encodeURIComponent(parts.user || 'postgres');
  if (parts.password) url.password = encodeURIComponent(parts.password);
  url.pathname = `/${encodeURIComponent(parts.database || 'postgres')}`;
  return url.toString();
}

export function passwordOf(url: string): string | undefined {
  try {
    const pw = new URL(url).password;
    return pw ? decodeURIComponent(pw) : undefined;
  } catch {
    return undefined;
  }
}

/** The sslmode values of libpq and the pg driver (`no-verify`); the driver would take any other as `require`. */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

export function validateUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`the database URL from ${source} is malformed`, [
      'use the form postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE',
    ]);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new UsageError(
      `the database URL from ${source} has scheme '${parsed.protocol.replace(/:$/, '')}', not postgres`,
      ['use the form postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE'],
    );
  }
  if (parsed.port && !/^\d+$/.test(parsed.port)) {
    throw new UsageError(`the database URL from ${source} has an invalid port`);
  }
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode !== null && !SSL_MODES.includes(sslmode)) {
    throw new UsageError(
      `the database URL from ${source} has sslmode=${sslmode}, which is not one of ${SSL_MODES.join(', ')}`,
    );
  }
  return withReadableDatabase(url, parsed, source);
}

/**
 * The URL with its database name written so that every client reads the same name. MikroORM
 * decodes the path with `decodeURIComponent`, the pg driver with `decodeURI`, which leaves `%3B`
 * (`;`), `%40` (`@`) and the like encoded: `db init` would create one database and connect to
 * another. Those characters are legal as they are in a URL path, so they are written unencoded.
 */
function withReadableDatabase(url: string, parsed: URL, source: string): string {
  const path = parsed.pathname.replace(/^\//, '');
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    throw new UsageError(`the database name in the URL from ${source} has a malformed %-escape`, [
      'write each special character of the name as %XX (a space is %20)',
    ]);
  }
  const readable = decodeURI(path) === name ? url : withDatabase(url, name);
  if (decodeURI(new URL(readable).pathname.replace(/^\//, '')) !== name) {
    throw new UsageError(`the database name '${name}' (from ${source}) contains '/', '?' or '#'`, [
      'use a database whose name has none of them: the PostgreSQL driver cannot take them in a URL',
    ]);
  }
  return readable;
}

/** The database name a server URL points at. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || 'postgres';
}

/** Characters that may stand unencoded in a URL path and that `decodeURI` would not decode. */
const PATH_SAFE = /%(3B|3A|40|26|3D|2B|24|2C)/gi;

/**
 * The same server, another database (for CREATE DATABASE from the maintenance database). The name
 * is encoded so that `decodeURI` (the pg driver) and `decodeURIComponent` (MikroORM) agree on it.
 */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database).replace(PATH_SAFE, (c) => decodeURIComponent(c))}`;
  return parsed.toString();
}
