import { OpsCommand } from '../src/base-command.js';
import { diagnose, type DoctorReport } from '../src/services/doctor.js';

export default class Doctor extends OpsCommand<typeof Doctor> {
  static override summary = 'Check which database ccat-ops uses and whether it is reachable and up to date.';
  static override description =
    'Shows the database in use (password masked, or the embedded data directory), where that setting came from, ' +
    'the environment, the server version and the applied and pending migrations. Exits 69 when the database cannot be reached.';
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --json',
    'CCAT_OPS_DATABASE_URL=postgres://ops@db.example.org/ops <%= config.bin %> doctor',
  ];

  async run(): Promise<DoctorReport> {
    const report = await diagnose(await this.client(), this.connection());
    const m = report.migrations;
    this.done(
      [
        `database     ${report.database}`,
        `source       ${report.source}`,
        `environment  ${report.environment}`,
        `server       PostgreSQL ${report.serverVersion} (${report.latencyMs} ms round trip)`,
        `migrations   ${m.applied} applied, ${m.pending.length} pending${m.pending.length ? ` (run \`${this.config.bin} db migrate\`)` : ''}`,
      ].join('\n'),
    );
    return report;
  }
}
