import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { TelescopeDetail } from '../../src/services/telescopes.js';
import { showTelescope } from '../../src/views/registry/telescopes.js';

export default class TelescopeShow extends ReadCommand<typeof TelescopeShow> {
  static override summary = 'Show a telescope with its instruments and their modules.';
  static override examples = ['<%= config.bin %> telescope show FYST', '<%= config.bin %> telescope show FYST --json'];
  static override args = { name: Args.string({ required: true, description: 'Telescope name' }) };

  async run(): Promise<TelescopeDetail> {
    const detail = await showTelescope(await this.client(), this.args.name);
    const { instruments, ...rest } = detail;
    this.renderObject({
      ...rest,
      instruments: instruments.map(
        (i) => `${i.name} (${i.type}${i.available ? '' : ', unavailable'}): ${i.modules.join(', ') || 'no modules'}`,
      ),
    });
    return detail;
  }
}
