/**
 * What `bin/run.js` starts the CLI with. Its own entry of the CLI's bundle (`dist/cli/`), so that
 * the framework the launcher runs is the very copy the bundled commands extend.
 */
import { formatWithOptions } from 'node:util';
import debug from 'debug';
import { scrubSecrets } from './config/mask-url.js';

export { execute } from '@oclif/core';

/**
 * `DEBUG=*` (oclif's debug logger, the `debug` package) prints the command line and what oclif
 * makes of it, so a `--database-url` with its password: every debug line goes out through
 * `scrubSecrets` instead, which also masks the password variables' values wherever they show up.
 * Installed when the runtime loads, before oclif logs its first line.
 */
debug.log = (...args: unknown[]) => {
  const env = process.env;
  const secrets = [env.PGPASSWORD, env.CCAT_OPS_DB_DATABASE_POSTGRESQL_PASSWORD, env.PGSSLPASSWORD];
  return process.stderr.write(`${scrubSecrets(formatWithOptions(debug.inspectOpts, ...args), secrets)}\n`);
};
