import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { RouteView } from '../../src/services/routes.js';
import { showRoute } from '../../src/views/registry/routes.js';

export default class RouteShow extends ReadCommand<typeof RouteShow> {
  static override summary = 'Show a transfer route.';
  static override examples = [
    '<%= config.bin %> route show ccat_to_cologne',
    '<%= config.bin %> route show ccat_to_cologne --json',
  ];
  static override args = { name: Args.string({ required: true, description: 'Route name' }) };

  async run(): Promise<RouteView> {
    const route = await showRoute(await this.client(), this.args.name);
    this.renderObject(route);
    return route;
  }
}
