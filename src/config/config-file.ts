import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { UsageError } from '../errors.js';

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
      })
      .strict();
    schema = z.object({ environments: z.record(z.string(), environment) }).strict();
  }
  return schema;
}

export interface ConfigFile {
  path: string;
  environments: Record<string, EnvironmentConfig>;
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
  let raw: unknown;
  try {
    const { parse } = require('yaml') as typeof import('yaml');
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new UsageError(`config file ${path} is not valid YAML: ${reason}`);
  }
  const parsed = configFileSchema().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || '(top level)';
    throw new UsageError(
      `config file ${path}: ${where}: ${issue.message} (expected "environments: {<name>: {database_url | host, port, user, password_env, database}}")`,
    );
  }
  return { path, environments: parsed.data.environments };
}
