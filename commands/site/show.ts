import { Args } from '@oclif/core';
import { ReadCommand } from '../../src/read-command.js';
import type { SiteDetail, SiteRouteSummary } from '../../src/services/sites.js';
import { showSite } from '../../src/views/registry/sites.js';

const route = (r: SiteRouteSummary) =>
  `${r.name}: ${r.from} → ${r.to} (${r.type}, ${r.method}${r.active ? '' : ', inactive'})`;

export default class SiteShow extends ReadCommand<typeof SiteShow> {
  static override summary = 'Show a site with its locations and the routes out of, into and through it.';
  static override examples = ['<%= config.bin %> site show ccat', '<%= config.bin %> site show cologne --json'];
  static override args = { 'short-name': Args.string({ required: true, description: 'Site short name' }) };

  async run(): Promise<SiteDetail> {
    const detail = await showSite(await this.client(), this.args['short-name']);
    const { locations, routesOut, routesIn, routesVia, ...rest } = detail;
    this.renderObject({
      ...rest,
      locations: locations.map(
        (l) => `${l.name} (${l.type}, ${l.storage}, priority ${l.priority}${l.active ? '' : ', inactive'}): ${l.where}`,
      ),
      routesOut: routesOut.map(route),
      routesIn: routesIn.map(route),
      ...(routesVia.length ? { routesVia: routesVia.map(route) } : {}),
    });
    return detail;
  }
}
