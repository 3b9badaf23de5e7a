import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { setObsUnitsAvailable, type AvailabilityResult } from '../../src/services/obs-units.js';

export default class ObsUnitSetAvailable extends OpsCommand<typeof ObsUnitSetAvailable> {
  static override summary = 'Mark an obs unit available for scheduling (true) or not (false).';
  static override description = 'Setting the state it already has changes nothing.';
  static override examples = [
    '<%= config.bin %> obs-unit set-available "Orion KL CO43" false',
    '<%= config.bin %> obs-unit set-available "Orion KL CO43" true',
    '<%= config.bin %> obs-unit set-available "Orion KL CO43" false --dry-run',
  ];
  static override args = {
    name: Args.string({ required: true, description: 'Obs unit name' }),
    state: Args.string({ required: true, options: ['true', 'false'], description: 'true: available; false: not' }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ summary: 'Show the change without writing.' }),
  };

  async run(): Promise<AvailabilityResult> {
    const { flags, args } = this;
    const result = await this.withEm((em) =>
      setObsUnitsAvailable(em, [args.name], args.state === 'true', { dryRun: flags['dry-run'] }),
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
