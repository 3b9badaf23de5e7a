import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { startExecution, type ExecutionView } from '../../src/services/executions.js';
import { parseConditions } from '../../src/validation/conditions.js';
import { instant } from '../../src/views/time-input.js';

export default class ExecutedStart extends OpsCommand<typeof ExecutedStart> {
  static override summary = 'Record that an obs unit has started executing; prints the new execution id.';
  static override description = `The execution is running until \`executed finish\` ends it. Only the id goes to stdout, so a script can keep it: ID=$(ccat-ops executed start --obs-unit NAME). With --id (the UUID an instrument chose while offline) running it again changes nothing.`;
  static override examples = [
    {
      description: 'Start an execution now and keep its id',
      command: 'ID=$(<%= config.bin %> executed start --obs-unit "Orion KL CO43")',
    },
    {
      description: 'With its start time and the observing conditions from a file',
      command:
        '<%= config.bin %> executed start --obs-unit "Orion KL CO43" --start-time 2026-11-30T22:14Z --conditions @weather.json',
    },
  ];
  static override flags = {
    'obs-unit': Flags.string({ summary: 'The obs unit being executed (its name); asked for on a terminal.' }),
    'start-time': Flags.string({ summary: 'When it started (2026-11-30T22:14Z, or 10m ago); default now.' }),
    conditions: Flags.string({ summary: `Observing conditions: a JSON object, or @FILE holding one.` }),
    id: Flags.string({ summary: 'Its id, when the instrument already chose one (UUID).' }),
  };

  async run(): Promise<ExecutionView | undefined> {
    const { flags } = this;
    const conditions = flags.conditions === undefined ? undefined : parseConditions(flags.conditions);
    const startTime = flags['start-time'] === undefined ? undefined : instant(flags['start-time'], 'start-time');
    const asked = await this.complete({ 'obs-unit': flags['obs-unit'] }, [
      { flag: 'obs-unit', message: 'Obs unit being executed (name)' },
    ]);
    if (!asked) return this.declined();
    const db = await this.client();
    const e = await startExecution(db, { obsUnit: asked['obs-unit'] as string, startTime, conditions, id: flags.id });
    this.notice(
      e.outcome === 'created'
        ? `Started executing ${e.obsUnit} at ${e.startTime.toISOString()}.`
        : `Execution ${e.id} of ${e.obsUnit} was already recorded; nothing changed.`,
    );
    this.done(e.id);
    return e;
  }
}
