import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { addExecution, ENDING_STATUSES, type ExecutionView } from '../../src/services/executions.js';
import { parseConditions } from '../../src/validation/conditions.js';
import { instant } from '../../src/views/time-input.js';

export default class ExecutedAdd extends OpsCommand<typeof ExecutedAdd> {
  static override summary = 'Record an execution that has already ended, all values at once (back-filling).';
  static override description = `Prints the new execution id. With --id (the UUID the instrument chose) running it again changes nothing, and is refused if that id was recorded with other values.`;
  static override examples = [
    '<%= config.bin %> executed add --obs-unit "Orion KL CO43" --status completed --start-time 2026-11-30T22:14Z --end-time 2026-11-30T22:54Z',
    `<%= config.bin %> executed add --obs-unit "Orion KL CO43" --status failed --start-time 2026-11-29T01:00Z --end-time 2026-11-29T01:07Z --conditions '{"pwv_mm": 1.9}'`,
  ];
  static override flags = {
    'obs-unit': Flags.string({ summary: 'The obs unit that was executed (its name).', required: true }),
    status: Flags.string({ summary: `How it ended: ${ENDING_STATUSES.join(', ')}.`, required: true }),
    'start-time': Flags.string({ summary: 'When it started (2026-11-30T22:14Z, or 2h ago).', required: true }),
    'end-time': Flags.string({ summary: 'When it ended, at or after the start.', required: true }),
    conditions: Flags.string({ summary: 'Observing conditions: a JSON object, or @FILE holding one.' }),
    id: Flags.string({ summary: 'Its id, when the instrument already chose one (UUID).' }),
  };

  async run(): Promise<ExecutionView> {
    const { flags } = this;
    const e = await addExecution(await this.client(), {
      obsUnit: flags['obs-unit'],
      status: flags.status,
      startTime: instant(flags['start-time'], 'start-time'),
      endTime: instant(flags['end-time'], 'end-time'),
      conditions: flags.conditions === undefined ? undefined : parseConditions(flags.conditions),
      id: flags.id,
    });
    if (e.outcome === 'unchanged') this.notice(`Execution ${e.id} was already recorded; nothing changed.`);
    this.done(e.id);
    return e;
  }
}
