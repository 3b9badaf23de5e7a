import { UsageError } from '../errors.js';
import { loadConfigFile } from './config-file.js';
import { DEFAULT_ENVIRONMENT, passwordOf, validateUrl, type ConnectionTarget } from './connection.js';

/** A server target for the read endpoint: a streaming standby of the primary. */
export type ReadTarget = Extract<ConnectionTarget, { kind: 'server' }>;

export interface ReadConnectionInput {
  readDatabaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** The primary, whose user, password and database `read_host`/`read_port` reuse. */
  primary: ConnectionTarget;
}

/**
 * Where the commands that only read go, if anywhere but the primary: `--read-database-url`, else
 * `CCAT_OPS_READ_DATABASE_URL`, else `read_database_url` (or `read_host`/`read_port`, the rest taken
 * from the primary) in the chosen environment of the config file, when the primary comes from that
 * file too. Undefined when none is set.
 */
export function resolveReadConnection(input: ReadConnectionInput): ReadTarget | undefined {
  const env = input.env ?? process.env;
  const { primary } = input;
  const target = (url: string, source: string): ReadTarget => ({
    kind: 'server',
    url: validateUrl(url, source),
    source,
    environment: primary.environment,
    production: primary.production,
    password: passwordOf(url),
  });
  for (const [value, source] of [
    [input.readDatabaseUrl, '--read-database-url'],
    [env.CCAT_OPS_READ_DATABASE_URL, 'CCAT_OPS_READ_DATABASE_URL'],
  ] as const) {
    if (value !== undefined && !value.trim()) {
      throw new UsageError(`${source} is empty`, [
        `give the read replica's URL (postgres://USER@HOST/DATABASE), or leave ${source} out to read from the primary`,
      ]);
    }
    if (value) return target(value, source);
  }
  const file = loadConfigFile(env);
  const environment = env.CCAT_OPS_ENV?.trim() || DEFAULT_ENVIRONMENT;
  const chosen = file?.environments[environment];
  if (!file || !chosen) return undefined;
  const source = `${file.path} [${environment}]`;
  // The file's replica is a replica of the file's primary: not of a database given another way.
  if (primary.source !== source) return undefined;
  if (chosen.read_database_url) return target(chosen.read_database_url, source);
  if (chosen.read_host === undefined && chosen.read_port === undefined) return undefined;
  if (primary.kind !== 'server') return undefined;
  const url = new URL(primary.url);
  if (chosen.read_host) {
    if (chosen.read_host.startsWith('/')) url.searchParams.set('host', chosen.read_host);
    else {
      url.searchParams.delete('host');
      url.hostname = chosen.read_host;
    }
  }
  if (chosen.read_port) url.port = String(chosen.read_port);
  return target(url.toString(), source);
}
