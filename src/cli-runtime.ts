/**
 * What `bin/run.js` starts the CLI with. Its own entry of the CLI's bundle (`dist/cli/`), so that
 * the framework the launcher runs is the very copy the bundled commands extend.
 */
export { execute } from '@oclif/core';
