import { Flags } from '@oclif/core';
import { OpsCommand } from '../src/base-command.js';
import { resolveReadConnection } from '../src/config/read-connection.js';
import { readFlags } from '../src/read-command.js';
import { lagOver, maxLagMs } from '../src/replica/max-lag.js';
import { describeLag } from '../src/replica/replica-status.js';
import {
  diagnose,
  diagnoseReadEndpoint,
  type DoctorReport,
  type EmbeddedServerReport,
  type ReadEndpointReport,
} from '../src/services/doctor.js';

export default class Doctor extends OpsCommand<typeof Doctor> {
  static override summary = 'Check which database ccat-ops uses and whether it is reachable and up to date.';
  static override description =
    'Shows the database in use (password masked, or the embedded data directory), where that setting came from, ' +
    'the environment, the server version and the applied and pending migrations; on the embedded default, its ' +
    'background server (pid, socket, idle time-out, log); and, when a read replica is ' +
    'configured, whether it answers, whether it really is a standby (pg_is_in_recovery()) and its replay lag. ' +
    'Exits 69 when the database cannot be reached, 3 when the read replica does not answer, is not a standby ' +
    'or is further behind than --max-lag (default CCAT_OPS_MAX_LAG, else 60s).';
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --json',
    'CCAT_OPS_DATABASE_URL=postgres://ops@db.example.org/ops <%= config.bin %> doctor',
    'CCAT_OPS_READ_DATABASE_URL=postgres://ops@replica/ops <%= config.bin %> doctor',
  ];
  static override flags = {
    'read-database-url': readFlags['read-database-url'],
    'max-lag': Flags.string({
      summary: 'A read replica further behind than this is a problem (exit 3); default CCAT_OPS_MAX_LAG, else 60s.',
      helpGroup: 'READ REPLICA',
    }),
  };

  async run(): Promise<DoctorReport> {
    const boundMs = maxLagMs(this.flags['max-lag']);
    const primary = this.connection();
    const report = await diagnose(await this.client(), primary);
    const read = resolveReadConnection({ readDatabaseUrl: this.flags['read-database-url'], primary });
    report.readEndpoint = read ? await diagnoseReadEndpoint(read) : null;
    const m = report.migrations;
    this.done(
      [
        `database     ${report.database}`,
        `source       ${report.source}`,
        `environment  ${report.environment}`,
        `server       PostgreSQL ${report.serverVersion} (${report.latencyMs} ms round trip)`,
        `migrations   ${m.applied} applied, ${m.pending.length} pending${m.pending.length ? ` (run \`${this.config.bin} db migrate\`)` : ''}`,
        ...embeddedLines(report.embeddedServer, this.config.bin),
        ...readLines(report.readEndpoint),
      ].join('\n'),
    );
    const r = report.readEndpoint;
    if (r && !r.reachable) {
      this.problems(`the read replica does not answer (${r.error}); reads fall back to the primary`, [
        'check that the standby is running and the read URL is right',
      ]);
    } else if (r && !r.standby) {
      this.problems('the read endpoint is not a standby (pg_is_in_recovery() is false): reads go to a primary', [
        'point the read URL at a streaming standby of the primary',
      ]);
    } else if (r && lagOver(r.lagSeconds ?? null, boundMs)) {
      this.problems(
        `the read replica is ${describeLag(r.lagSeconds ?? null)} behind the primary${r.paused ? ' (its replay is paused)' : ''}, more than the ${describeLag(boundMs / 1000)} allowed; reads there show old data`,
        [
          'check replication on the standby (pg_stat_wal_receiver, its log); resume a paused replay with pg_wal_replay_resume(); read with --primary meanwhile',
        ],
      );
    }
    return report;
  }
}

function embeddedLines(e: EmbeddedServerReport | undefined, bin: string): string[] {
  if (!e) return [];
  if (e.mode === 'in-process') return ['embedded     opened by each command itself (CCAT_OPS_EMBEDDED_IDLE=0)'];
  return [
    `embedded     background server, pid ${e.pid}, exits after ${e.idleSeconds} s without a connection (\`${bin} db stop\` stops it now)`,
    `  socket     ${e.socket}`,
    `  log        ${e.log}`,
  ];
}

function readLines(r: ReadEndpointReport | null | undefined): string[] {
  if (!r) return ['read replica none (every command reads from the primary)'];
  const lines = [`read replica ${r.database}`, `  source     ${r.source}`];
  if (!r.reachable) return [...lines, `  state      does not answer: ${r.error}`];
  const state = r.standby
    ? `standby (in recovery)${r.paused ? ', replay paused' : ''}, ${r.lagSeconds === 0 ? 'caught up' : `${describeLag(r.lagSeconds ?? null)} behind`}`
    : 'NOT a standby (pg_is_in_recovery() is false)';
  return [
    ...lines,
    `  server     PostgreSQL ${r.serverVersion}`,
    `  state      ${state}`,
    ...(r.asOf ? [`  data as of ${r.asOf}`] : []),
  ];
}
