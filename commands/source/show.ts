import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import { TYPE_FIELDS } from '../../src/registry/source-types.js';
import type { SourceDetail } from '../../src/services/sources.js';
import { showSource } from '../../src/views/registry/sources.js';

export default class SourceShow extends ReadCommand<typeof SourceShow> {
  static override summary = 'Show a source with the obs units that observe it.';
  static override examples = [
    '<%= config.bin %> source show "Orion KL"',
    '<%= config.bin %> source show "Orion KL" --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'Source name' }) };

  async run(): Promise<SourceDetail> {
    const detail = await showSource(await this.client(), this.args.name);
    const own = new Set<string>(TYPE_FIELDS[detail.type]);
    const others = Object.values(TYPE_FIELDS)
      .flat()
      .filter((f) => !own.has(f));
    // Only the type's own coordinates: the others are always empty.
    this.renderObject(Object.fromEntries(Object.entries(detail).filter(([k]) => !others.includes(k as never))));
    return detail;
  }
}
