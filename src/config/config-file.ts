import { existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ZodType } from 'zod';
import { UsageError } from '../errors.js';
import { INPUT_LIMITS, readInputFile } from '../files/input-file.js';

/** One named environment in the config file: a URL, or the parts of one. */
export interface EnvironmentConfig {
  database_url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** Name of an environment variable holding the password, so the file need not. */
  password_env?: string;
  database?: string;
  /** A read replica (a streaming standby) for the commands that only read: a URL, ... */
  read_database_url?: string;
  /** ... or the host and port of one, with the user, password and database of the primary. */
  read_host?: string;
  read_port?: number;
}

// yaml and zod take ~0.1 s to load and most runs have no config file: loaded when there is one.
const require = createRequire(import.meta.url);
let schema: ZodType<{ environments: Record<string, EnvironmentConfig> }> | undefined;

function configFileSchema(): NonNullable<typeof schema> {
  if (!schema) {
    const { z } = require('zod') as typeof import('zod');
    const environment = z
      .object({
        database_url: z.string().optional(),
        host: z.string().optional(),
        port: z.coerce.number().int().positive().optional(),
        user: z.string().optional(),
        password: z.string().optional(),
        password_env: z.string().optional(),
        database: z.string().optional(),
        read_database_url: z.string().optional(),
        read_host: z.string().optional(),
        read_port: z.coerce.number().int().positive().optional(),
      })
      .strict();
    schema = z.object({ environments: z.record(z.string(), environment) }).strict();
  }
  return schema;
}

export interface ConfigFile {
  path: string;
  environments: Record<string, EnvironmentConfig>;
  /** What is wrong with the file but does not stop the command (a password readable by others). */
  warnings: string[];
}

/** `$CCAT_OPS_CONFIG`, else `$XDG_CONFIG_HOME/ccat-ops/config.yaml`, else `~/.config/ccat-ops/config.yaml`. */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  if (env.CCAT_OPS_CONFIG) return env.CCAT_OPS_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'ccat-ops', 'config.yaml');
}

/** Reads the config file if there is one. An explicitly named file that is missing is an error. */
export function loadConfigFile(env: NodeJS.ProcessEnv): ConfigFile | undefined {
  const path = configFilePath(env);
  if (!existsSync(path)) {
    if (env.CCAT_OPS_CONFIG) {
      throw new UsageError(`config file ${path} (from CCAT_OPS_CONFIG) does not exist`, [
        'fix CCAT_OPS_CONFIG or unset it',
      ]);
    }
    return undefined;
  }
  const problem = process.platform === 'win32' ? undefined : permissionProblem(path);
  if (problem) throw problem;
  const mode = process.platform === 'win32' ? 0o600 : statSync(path).mode & 0o777;
  // Bounded like every input file: a wrong CCAT_OPS_CONFIG (a log, a disk image) must not fill memory.
  const text = readInputFile(path, 'config file', INPUT_LIMITS.configFile).toString('utf8');
  let raw: unknown;
  try {
    const { parse } = require('yaml') as typeof import('yaml');
    raw = parse(text);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new UsageError(`config file ${path} is not valid YAML: ${reason}`);
  }
  const parsed = configFileSchema().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || '(top level)';
    throw new UsageError(
      `config file ${path}: ${where}: ${issue.message} (expected "environments: {<name>: {database_url | host, port, user, password_env, database; read_database_url | read_host, read_port}}")`,
    );
  }
  const environments = parsed.data.environments;
  const warnings: string[] = [];
  if (mode & 0o044 && Object.values(environments).some(holdsPassword)) {
    warnings.push(
      `config file ${path} holds a password and is readable by ${mode & 0o004 ? 'everyone' : 'its group'} (mode ${octal(mode)}); run \`chmod 600 ${path}\`, or use password_env`,
    );
  }
  return { path, environments, warnings };
}

/**
 * Like ssh with a key file: whoever can change the config file can point ccat-ops at another
 * database, so it must be the user's own (or root's) and writable by nobody else, and so must the
 * directory it really is in (through links), unless that directory is sticky like /tmp (then only
 * the file's owner can replace it). `uid`: the user's (a parameter for the tests).
 */
export function permissionProblem(path: string, uid = process.getuid?.() ?? 0): UsageError | undefined {
  const real = realpathSync(path);
  const file = statSync(real);
  const dir = dirname(real);
  const folder = statSync(dir);
  const where = real === path ? path : `${path} (${real})`;
  const owned = (st: { uid: number }) => st.uid === uid || st.uid === 0;
  if (!owned(file)) {
    return new UsageError(
      `config file ${where} belongs to another user (uid ${file.uid}): whoever owns it can point ccat-ops at another database`,
      [`use a config file of your own (or root's): chown ${uid} ${real}`],
    );
  }
  const mode = file.mode & 0o777;
  if (mode & 0o022) {
    return new UsageError(
      `config file ${where} is writable by ${mode & 0o002 ? 'everyone' : 'its group'} (mode ${octal(mode)}): anyone who can write it can point ccat-ops at another database`,
      [`chmod go-w ${real}`],
    );
  }
  const dirMode = folder.mode & 0o1777;
  if (!owned(folder) || (dirMode & 0o022 && !(dirMode & 0o1000))) {
    const who = !owned(folder) ? `another user (uid ${folder.uid})` : dirMode & 0o002 ? 'everyone' : 'its group';
    return new UsageError(
      `config file ${where} is in a directory writable by ${who} (${dir}, mode ${octal(dirMode & 0o777)}): anyone who can write there can replace the file`,
      [owned(folder) ? `chmod go-w ${dir}` : `keep the config file in a directory of your own (or root's)`],
    );
  }
  return undefined;
}

function holdsPassword(cfg: EnvironmentConfig): boolean {
  if (cfg.password) return true;
  return [cfg.database_url, cfg.read_database_url].some((url) => {
    if (!url) return false;
    try {
      return new URL(url).password !== '';
    } catch {
      return false;
    }
  });
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;
