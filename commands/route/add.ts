import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { checkGiven, completeValues, type Question } from '../../src/prompts.js';
import { requireKnown } from '../../src/registry/lookup.js';
import type { WriteResult } from '../../src/registry/write-result.js';
import {
  addRoute,
  ROUTE_TYPES,
  routeFields,
  TRANSFER_METHODS,
  type NewRoute,
  type RouteView,
} from '../../src/services/routes.js';
import { siteNames } from '../../src/services/sites.js';

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
    const rule = routeFields;
    const site = (flag: string, message: string, choices: string[]): Question => ({
      flag,
      message,
      choices: choices.length ? choices : undefined,
      rule: rule.site,
    });
    const required: Question[] = [
      { flag: 'name', message: 'Route name', rule: rule.name },
      site('from', 'From site', []),
      site('to', 'To site', []),
      { flag: 'type', message: 'Route type', choices: ROUTE_TYPES },
      { flag: 'method', message: 'Transfer method', choices: TRANSFER_METHODS },
    ];
    checkGiven(given, required, this.canPrompt);
    const sites = this.canPrompt ? await this.withEm((em) => siteNames(em)) : [];
    if (this.canPrompt)
      for (const f of ['from', 'to', 'relay'] as const) requireKnown('site', given[f], sites, 'site list');
    // Asked one at a time, each offering only what still makes sense: the destination is not the
    // origin, and a relay (asked only for a relay route) is neither.
    let values: Record<string, unknown> = given;
    let asked = false;
    const ask = async (questions: Question[]) => {
      const round = await completeValues(values, questions, this.canPrompt);
      values = round.values;
      asked ||= round.asked;
    };
    await ask([required[0], site('from', 'From site', sites)]);
    await ask([
      site(
        'to',
        'To site',
        sites.filter((s) => s !== values.from),
      ),
      { flag: 'type', message: 'Route type', choices: ROUTE_TYPES },
      { flag: 'method', message: 'Transfer method', choices: TRANSFER_METHODS },
    ]);
    if (this.canPrompt && values.type === 'relay') {
      await ask([
        site(
          'relay',
          'Relay site',
          sites.filter((s) => s !== values.from && s !== values.to),
        ),
      ]);
    }
    const input = values as typeof given;
    const fields = ['name', 'from', 'to', 'type', 'method', 'relay', 'from-location', 'to-location'];
    if (asked && !(await this.confirmSummary({ ...input, active }, [...fields, 'active']))) return this.declined();
    const route: NewRoute = {
      name: input.name!,
      from: input.from!,
      to: input.to!,
      type: input.type!,
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
