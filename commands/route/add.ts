import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { renderDetail } from '../../src/output/detail.js';
import { completeValues } from '../../src/prompts.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import { addRoute, ROUTE_TYPES, TRANSFER_METHODS, type NewRoute, type RouteView } from '../../src/services/routes.js';
import { listSites } from '../../src/services/sites.js';

export default class RouteAdd extends OpsCommand<typeof RouteAdd> {
  static override summary = 'Register a transfer route between two sites.';
  static override description =
    'A relay route passes through a third site (--relay); a custom route may name the locations at either end (--from-location, --to-location, as SITE/NAME).';
  static override examples = [
    '<%= config.bin %> route add --name ccat_to_cologne --from ccat --to cologne --type direct --method bbcp',
    '<%= config.bin %> route add --name ccat_to_us --from ccat --to us --type relay --relay cologne --method bbcp',
    '<%= config.bin %> route add --name buffer_to_lta --from ccat --to cologne --type custom --method s3 --from-location ccat/buffer --to-location cologne/lta --dry-run',
    '<%= config.bin %> route add   # asks for each value on a terminal',
  ];
  static override flags = {
    name: Flags.string({ summary: 'Unique route name (e.g. ccat_to_cologne).' }),
    from: Flags.string({ summary: 'Origin site (short name).' }),
    to: Flags.string({ summary: 'Destination site (short name).' }),
    type: Flags.option({ options: ROUTE_TYPES, summary: 'Route type.' })(),
    method: Flags.option({ options: TRANSFER_METHODS, summary: 'Transfer method.' })(),
    relay: Flags.string({ summary: 'Relay site (short name); required for --type relay.' }),
    'from-location': Flags.string({ summary: 'Origin location as SITE/NAME (at the origin site).' }),
    'to-location': Flags.string({ summary: 'Destination location as SITE/NAME (at the destination site).' }),
    active: Flags.boolean({ allowNo: true, summary: 'Whether it is in use (default: active).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be registered without writing.' }),
  };

  async run(): Promise<WriteResult<RouteView> | undefined> {
    const { flags } = this;
    const { active, 'dry-run': dryRun, ...given } = flags;
    const sites =
      this.canPrompt && (!flags.from || !flags.to)
        ? (await this.withEm((em) => listSites(em))).map((s) => s.shortName)
        : [];
    // Asked in two rounds: a relay site is asked for only for a relay route.
    const first = await completeValues(
      { ...given },
      [
        { flag: 'name', message: 'Route name' },
        { flag: 'from', message: 'From site', choices: sites },
        { flag: 'to', message: 'To site', choices: sites.filter((s) => s !== given.from) },
        { flag: 'type', message: 'Route type', choices: ROUTE_TYPES },
        { flag: 'method', message: 'Transfer method', choices: TRANSFER_METHODS },
      ],
      this.canPrompt,
    );
    const second =
      this.canPrompt && first.values.type === 'relay'
        ? await completeValues(
            first.values,
            [{ flag: 'relay', message: 'Relay site', choices: sites.length ? sites : undefined }],
            true,
          )
        : { values: first.values, asked: false };
    const input = second.values as typeof given;
    if (first.asked || second.asked) {
      const shown = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => v !== undefined && k in RouteAdd.flags),
      );
      process.stderr.write(`\nSummary:\n${renderDetail(shown)}\n`);
      if (!(await this.confirm('Go ahead?', false))) return this.declined();
    }
    const route: NewRoute = {
      name: input.name!,
      from: input.from!,
      to: input.to!,
      routeType: input.type!,
      method: input.method!,
      relay: input.relay,
      fromLocation: input['from-location'],
      toLocation: input['to-location'],
      active,
    };
    const result = await this.withEm((em) => addRoute(em, route, { dryRun }));
    this.reportWrite(result, `route '${result.item.name}'`);
    return result;
  }
}
