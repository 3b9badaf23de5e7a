import { Args, Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { ENDING_STATUSES, finishExecution, type ExecutionView } from '../../src/services/executions.js';
import { instant } from '../../src/views/time-input.js';

export default class ExecutedFinish extends OpsCommand<typeof ExecutedFinish> {
  static override summary = 'Record that a running execution has ended: completed, failed or aborted.';
  static override description = `The end time (default now) must not be before the start. Finishing it again the same way changes nothing; an execution that has already ended another way is refused (exit 1).`;
  static override examples = [
    '<%= config.bin %> executed finish 0b7c3a52 --status completed',
    '<%= config.bin %> executed finish 0b7c3a52 --status aborted --end-time 2026-11-30T23:02Z',
  ];
  static override args = {
    id: Args.string({ required: true, description: 'The execution id, or its first 8 or more characters' }),
  };
  static override flags = {
    status: Flags.string({ summary: `How it ended: ${ENDING_STATUSES.join(', ')}.`, required: true }),
    'end-time': Flags.string({ summary: 'When it ended (2026-11-30T23:02Z, or 5m ago); default now.' }),
  };

  async run(): Promise<ExecutionView> {
    const { flags } = this;
    const endTime = flags['end-time'] === undefined ? undefined : instant(flags['end-time'], 'end-time');
    const e = await finishExecution(await this.client(), { id: this.args.id, status: flags.status, endTime });
    this.done(
      e.outcome === 'updated'
        ? `Execution ${e.id} of ${e.obsUnit}: ${e.status} at ${e.endTime!.toISOString()}.`
        : `Execution ${e.id} of ${e.obsUnit} had already ended: ${e.status} at ${e.endTime!.toISOString()}; nothing changed.`,
    );
    return e;
  }
}
