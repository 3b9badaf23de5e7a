import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { setObsUnitsAvailable, type AvailabilityResult } from '../../src/services/obs-units.js';

export default class ObsUnitSetAvailable extends OpsCommand<typeof ObsUnitSetAvailable> {
  static override summary = 'Mark obs units available for scheduling, or not (--no-available); idempotent.';
  static override examples = [
    '<%= config.bin %> obs-unit set-available "Orion KL CO43"',
    '<%= config.bin %> obs-unit set-available "Orion KL CO43" "Orion KL CI" --no-available',
    '<%= config.bin %> obs-unit set-available "Orion KL CO43" --no-available --dry-run',
  ];
  static override strict = false;
  static override args = { name: Args.string({ required: true, description: 'Obs unit name (several may be given)' }) };
  static override flags = {
    available: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'Available (default) or, with --no-available, not.',
    }),
    'dry-run': Flags.boolean({ summary: 'Show what would change without writing.' }),
  };

  async run(): Promise<AvailabilityResult> {
    const { flags } = this;
    const { argv } = await this.parse(ObsUnitSetAvailable);
    const names = argv as string[];
    const result = await this.withEm((em) =>
      setObsUnitsAvailable(em, names, flags.available, { dryRun: flags['dry-run'] }),
    );
    const state = result.available ? 'available' : 'unavailable';
    const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');
    const lines: string[] = [];
    if (result.changed.length) {
      lines.push(
        result.dryRun
          ? `Would mark ${list(result.changed)} ${state} (dry run: nothing written).`
          : `Marked ${list(result.changed)} ${state}.`,
      );
    }
    if (result.unchanged.length) lines.push(`Already ${state}: ${list(result.unchanged)}; nothing changed.`);
    this.done(lines.join('\n'));
    return result;
  }
}
