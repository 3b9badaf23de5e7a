import { OpsCommand } from '../../src/base-command.js';
import { describeTarget } from '../../src/config/connection.js';
import { stopBackgroundServer, type StopResult } from '../../src/db/stop-background-server.js';

export default class DbStop extends OpsCommand<typeof DbStop> {
  static override summary = "Stop the embedded database's background server.";
  static override description =
    'On the embedded default (no database configured) the first command starts a background server that keeps ' +
    'PGlite open for the commands after it and exits by itself after CCAT_OPS_EMBEDDED_IDLE seconds (default 300) ' +
    'without a connection. This stops it now, after the command using it (if any) is done, closing the database ' +
    'cleanly; the next command starts it again. Nothing to do when none runs or a server is configured.';
  static override examples = ['<%= config.bin %> db stop', '<%= config.bin %> db stop --json'];

  async run(): Promise<StopResult> {
    const target = this.connection();
    if (target.kind !== 'embedded') {
      this.done(`Nothing to stop: the database is ${describeTarget(target)}, not the embedded default.`);
      return { stopped: null };
    }
    const result = await stopBackgroundServer(target.dataDir);
    this.done(
      result.stopped === null
        ? `The embedded database's server is not running (${target.dataDir}).`
        : `Stopped the embedded database's server (pid ${result.stopped}).`,
    );
    return result;
  }
}
